import type { RunSink } from '../store/types'

/** The history sink with every write scrubbed of the run's credential values first. */
export function scrubbingSink(sink: RunSink, clean: <T>(x: T) => T): RunSink {
  return {
    createRun: (run) => sink.createRun(clean(run)),
    appendSample: (runId, i, sample) => sink.appendSample(runId, i, clean(sample)),
    saveSuiteResult: (runId, result) => sink.saveSuiteResult(runId, clean(result)),
    startMonitor: (runId, m) => sink.startMonitor(runId, clean(m)),
    appendMonitorSample: (runId, sample) => sink.appendMonitorSample(runId, clean(sample)),
    finishRun: (runId, end) => sink.finishRun(runId, clean(end)),
  }
}
