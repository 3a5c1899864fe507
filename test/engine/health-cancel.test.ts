import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunEvent } from '@shared/index'
import { Engine } from '../../src/main/engine'
import { scratchDatabaseName } from '../../src/main/suites/postgres-health/backup'
import {
  databaseExists,
  scratchDatabase,
  type Scratch,
} from '../../src/main/suites/postgres-health/test-support'
import { MemorySink } from './memory-sink'

// The backup check cancelled through the engine, as the app and the CLI do it: the worker
// thread gets the cancel, must clean up, and is stopped 1.5 s later whatever it does.

let db: Scratch
beforeAll(async () => {
  db = await scratchDatabase()
  await db.query(`CREATE TABLE big (id int, pad text);
    INSERT INTO big SELECT g, repeat('x', 200) FROM generate_series(1, 300000) g;
    CREATE INDEX ON big (id); CREATE INDEX ON big (pad);`)
}, 60_000)
afterAll(async () => {
  await db?.drop()
})

describe('cancelling a run during the backup check', () => {
  it('ends the run cancelled and leaves no perfdesk_restore_ database', async () => {
    const e = new Engine({ store: new MemorySink(), runtime: 'test' })
    const events: RunEvent[] = []
    e.on('event', (ev) => events.push(ev))
    const { runId, done } = e.start({
      name: 'backup cancel',
      targets: [{ ...db.target, id: 'db' }],
      suites: [{ kind: 'postgres-health', target: 'db', backupCheck: true, allowWrites: true }],
    })
    const scratch = scratchDatabaseName(runId, 0)
    let sawIt = false
    for (let i = 0; i < 600 && !sawIt; i++) {
      sawIt = await databaseExists(scratch)
      if (!sawIt) await new Promise((r) => setTimeout(r, 50))
    }
    expect(sawIt).toBe(true)
    await new Promise((r) => setTimeout(r, 150))
    e.cancel(runId)
    const run = await done
    expect(run.status).toBe('cancelled')
    const s = run.suites[0]!
    expect(s.status).toBe('cancelled')
    if (s.kind !== 'postgres-health') throw new Error('kind')
    expect(s.backup?.dropped).toBe(true)
    expect(await databaseExists(scratch)).toBe(false)
  }, 120_000)
})
