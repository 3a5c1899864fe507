/** What a generator thread is told: which suite's task, which share of the load. */
export interface GeneratorThreadInit<P = unknown> {
  kind: string
  threadIndex: number
  threads: number
  payload: P
}

/** What a generator task can do while it runs: see cancel, report an interval. */
export interface GeneratorIO<I> {
  signal: AbortSignal
  threadIndex: number
  threads: number
  /** posts one interval's aggregate (about once a second) to the coordinating suite thread */
  interval(data: I): void
}

/**
 * The hot loop of a suite, written once and run in 1..N threads. It aggregates (HDR
 * histograms, counters) and returns one part; the coordinator merges the parts exactly.
 */
export interface GeneratorTask<P, I, R> {
  run(payload: P, io: GeneratorIO<I>): Promise<R>
}

export type ToGenerator = { type: 'cancel' }
export type FromGenerator<I, R> =
  | { type: 'interval'; data: I }
  | { type: 'done'; part: R; meter: import('./meter').ThreadMeterReading }
  | { type: 'failed'; message: string }
