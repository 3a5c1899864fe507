import { expect } from 'vitest'
import { fakeContext } from '../test-support'
import { postgresWorker } from '../worker'

/**
 * The pool-size sweep both sweep tests run: pg_sleep(10 ms) on pools 1, 4 and 16 for 16
 * clients, checked to have finished every step; what each test asserts of it differs.
 */
export async function runSleepSweep(durationSec: number) {
  const run = fakeContext({
    queries: [{ name: 'sleep', sql: 'SELECT pg_sleep(0.01)' }],
    poolSizes: [1, 4, 16],
    clients: 16,
    durationSec,
    explain: 'plan',
  })
  const out = await postgresWorker.run(run.ctx)
  expect(out.error).toBeUndefined()
  expect(out.status).toBe('passed')
  const steps = out.details!.steps
  expect(steps.map((s) => s.poolSize)).toEqual([1, 4, 16])
  const [p1, p4, p16] = steps as [(typeof steps)[0], (typeof steps)[0], (typeof steps)[0]]
  return { run, out, steps, p1, p4, p16 }
}
