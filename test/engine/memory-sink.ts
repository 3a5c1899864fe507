import type { LiveSample, MonitorSample, SuiteResult } from '@shared/index'
import type { MonitorStart, NewRun, RunEnd, RunSink } from '../../src/main/store/types'

/** Records what the engine writes, for assertions about the engine alone. */
export class MemorySink implements RunSink {
  runs = new Map<string, NewRun & { end?: RunEnd }>()
  samples: { runId: string; suiteIndex: number; sample: LiveSample }[] = []
  suites: SuiteResult[] = []
  monitors = new Map<string, MonitorStart>()
  monitorSamples: { runId: string; sample: MonitorSample }[] = []
  createRun(run: NewRun): void {
    this.runs.set(run.id, run)
  }
  appendSample(runId: string, suiteIndex: number, sample: LiveSample): void {
    this.samples.push({ runId, suiteIndex, sample })
  }
  saveSuiteResult(_runId: string, result: SuiteResult): void {
    this.suites = this.suites.filter((s) => s.index !== result.index).concat(result)
  }
  startMonitor(runId: string, monitor: MonitorStart): void {
    this.monitors.set(runId, monitor)
  }
  appendMonitorSample(runId: string, sample: MonitorSample): void {
    this.monitorSamples.push({ runId, sample })
  }
  finishRun(runId: string, end: RunEnd): void {
    this.runs.get(runId)!.end = end
  }
}
