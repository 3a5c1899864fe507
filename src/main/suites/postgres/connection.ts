/**
 * The connection helpers live with the target (targets ← suites, as for Redis and HTTP); the
 * suite's modules keep importing them from here.
 */
export * from '../../targets/postgres-connection'
