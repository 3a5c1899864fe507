import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { RedisConfigSchema } from '../../src/shared/index'
import { runSuiteInWorker } from '../../src/main/engine/run-suite'

/**
 * After a cancel the engine stops a worker that does not answer within the short grace; a
 * suite that announces a cleanup phase gets its budget instead, so its cleanup is not cut off.
 */
const entry = { file: fileURLToPath(new URL('./cleanup-budget-worker.mjs', import.meta.url)) }

function run(name: string) {
  return runSuiteInWorker({
    runId: `budget-${name}`,
    suiteIndex: 0,
    name,
    config: RedisConfigSchema.parse({ kind: 'redis', target: 'r', name }),
    target: { id: 'r', kind: 'redis', url: 'redis://127.0.0.1:6379' },
    entry,
    watchdogSec: 30,
    onProgress: () => {},
  })
}

describe('the cleanup budget after a cancel', () => {
  it('a worker that announces its cleanup returns its own result after 2.5 s', async () => {
    const handle = run('announce')
    await new Promise((r) => setTimeout(r, 300))
    handle.cancel()
    const result = await handle.result
    expect(result.status).toBe('cancelled')
    expect(result.notes).toContain('cleaned up')
  }, 20_000)

  it('a worker that does not is stopped after the short grace', async () => {
    const handle = run('silent')
    await new Promise((r) => setTimeout(r, 300))
    handle.cancel()
    const result = await handle.result
    expect(result.status).toBe('cancelled')
    expect(result.error).toMatch(/did not stop in time/)
    expect(result.notes).not.toContain('cleaned up')
  }, 20_000)
})
