import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import type { RunResult } from '@shared/index'
import { openHistory, type SqliteHistoryStore } from '../../src/main/store/index'
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

export type TempDir = ReturnType<typeof tempDir>

/**
 * A fresh history in a fresh temp folder for every test of the file. A test may close `store`
 * and open another on `tmp.file` in its place; whichever is open is closed after the test.
 */
export function useTempHistory(): { store: SqliteHistoryStore; tmp: TempDir } {
  const h = {} as { store: SqliteHistoryStore; tmp: TempDir }
  beforeEach(() => {
    h.tmp = tempDir()
    h.store = openHistory(h.tmp.file)
  })
  afterEach(() => {
    try {
      h.store.close()
    } finally {
      h.tmp.cleanup()
    }
  })
  return h
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
