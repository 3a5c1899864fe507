/** The latency helpers are analysis/latency.ts (below the engine and the suites); re-exported here for the suites. */
export * from '../../analysis/latency'
