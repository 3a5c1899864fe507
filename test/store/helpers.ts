import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunResult } from '@shared/index'
import type { RunSink } from '../../src/main/store/types'

/** A fresh temp folder per test; `cleanup` removes it. */
export function tempDir(prefix = 'perfdesk-store-'): {
  dir: string
  file: string
  cleanup(): void
} {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return {
    dir,
    file: join(dir, 'history.db'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** Creates the run of `result` in the sink, as the engine does when a run starts. */
export function startRun(sink: RunSink, result: RunResult, planId: string | null = null): void {
  sink.createRun({
    id: result.id,
    plan: result.plan,
    planId,
    startedAt: result.startedAt,
    environment: result.environment,
  })
}

/** Writes a result through the engine's sink, the way a live run does. */
export function recordRun(
  sink: RunSink,
  result: RunResult,
  opts: { planId?: string | null } = {},
): void {
  startRun(sink, result, opts.planId !== undefined ? opts.planId : (result.plan.id ?? null))
  for (const suite of result.suites) {
    for (const sample of suite.series) sink.appendSample(result.id, suite.index, sample)
    sink.saveSuiteResult(result.id, suite)
  }
  sink.finishRun(result.id, {
    status: result.status === 'running' ? 'interrupted' : result.status,
    endedAt: result.endedAt ?? new Date().toISOString(),
    findings: result.findings,
    ...(result.score ? { score: result.score } : {}),
    ...(result.error !== undefined ? { error: result.error } : {}),
  })
}
