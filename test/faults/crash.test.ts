import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openHistoryAndRecover } from '../../src/main/store/index'
import { seededRandom } from '../../src/main/suites/common/random'

/**
 * kill -9 in the middle of a run, 50 times on one history: no history is ever corrupt, and
 * every sample the store had confirmed (flush() returned) before the kill is there afterwards.
 */
const TRIALS = 50
const dir = mkdtempSync(join(tmpdir(), 'perfdesk-crash-'))
const file = join(dir, 'history.db')
const child = resolve(__dirname, 'crash-child.ts')
const rnd = seededRandom(50)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Starts the writer, kills it with SIGKILL `afterMs` after it is ready; returns the last confirmed t. */
async function killMidRun(runId: string, afterMs: number): Promise<number> {
  const p = spawn(process.execPath, ['--import', 'tsx', child, file, runId], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let confirmed = 0
  let stderr = ''
  let buf = ''
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<void>((res) => p.on('exit', () => res()))
  await new Promise<void>((res, rej) => {
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString()
      let nl: number
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl)
        buf = buf.slice(nl + 1)
        if (line === 'ready') setTimeout(res, afterMs)
        else if (line.startsWith('confirmed ')) confirmed = Number(line.slice(10))
      }
    })
    p.on('exit', () => rej(new Error(`the writer exited before the kill: ${stderr}`)))
  })
  p.kill('SIGKILL')
  await exited
  return confirmed
}

describe('kill -9 mid-run', () => {
  it(`${TRIALS} times: 0 corrupt histories, every confirmed sample present`, async () => {
    let corrupt = 0
    let missing = 0
    let confirmedTotal = 0
    for (let trial = 0; trial < TRIALS; trial++) {
      const runId = `crash-${trial}`
      const confirmed = await killMidRun(runId, 50 + Math.floor(rnd() * 400))
      expect(confirmed).toBeGreaterThan(0)
      const { store, interrupted } = openHistoryAndRecover(file)
      try {
        if (store.db.pragma('integrity_check', { simple: true }) !== 'ok') corrupt++
        expect(interrupted).toBe(1)
        const run = store.getRun(runId)!
        expect(run.status).toBe('interrupted')
        const ts = new Set(run.suites[0]!.series.map((s) => s.t))
        for (let t = 1; t <= confirmed; t++) if (!ts.has(t)) missing++
        confirmedTotal += confirmed
        // the earlier runs are all still there
        expect(store.listRuns({ limit: 1000 }).length).toBe(trial + 1)
      } finally {
        store.close()
      }
    }
    console.log(
      `crash: ${TRIALS} kill -9 trials, ${corrupt} corrupt histories, ` +
        `${confirmedTotal} confirmed samples, ${missing} missing`,
    )
    expect(corrupt).toBe(0)
    expect(missing).toBe(0)
  }, 600_000)
})
