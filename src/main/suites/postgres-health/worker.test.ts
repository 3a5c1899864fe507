import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Finding } from '@shared/index'
import { postgresHealthWorker } from './worker'
import { healthContext, scratchDatabase, type Scratch } from './test-support'

// A scratch database built with known problems; each finding must name the right objects.

let db: Scratch
let idle: pg.Client
let idlePid = 0

const byId = (fs: Finding[], id: string): Finding => {
  const f = fs.find((x) => x.id === id)
  if (!f) throw new Error(`no ${id} among ${fs.map((x) => x.id).join(', ')}`)
  return f
}
const values = (f: Finding): string[] => f.evidence.map((e) => String(e.value))

beforeAll(async () => {
  db = await scratchDatabase()
  await db.query(`CREATE TABLE dup_t (id int PRIMARY KEY, a int);
    CREATE INDEX dup_a1 ON dup_t (a); CREATE INDEX dup_a2 ON dup_t (a);
    CREATE TABLE dead_t (id int, v text) WITH (autovacuum_enabled = false);
    INSERT INTO dead_t SELECT g, 'x' FROM generate_series(1, 20000) g;
    DELETE FROM dead_t WHERE id > 2000;
    CREATE SEQUENCE near_max_seq MAXVALUE 1000;
    SELECT setval('near_max_seq', 990);
    CREATE TABLE fine_t (id serial PRIMARY KEY);`)
  // the statistics reach the views when this session reports them: force it, then wait
  await db.query('SELECT pg_stat_force_next_flush()')
  for (let i = 0; i < 50; i++) {
    const r = await db.query(`SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'dead_t'`)
    if (Number(r.rows[0]?.n_dead_tup ?? 0) >= 18000) break
    await new Promise((res) => setTimeout(res, 100))
  }
  idle = new pg.Client({ ...db.target, application_name: 'perfdesk-test-idle' } as pg.ClientConfig)
  await idle.connect()
  idlePid = (await idle.query('SELECT pg_backend_pid() AS p')).rows[0].p
  await idle.query('BEGIN')
  await idle.query('SELECT count(*) FROM dup_t')
  await new Promise((res) => setTimeout(res, 1500))
}, 60_000)

afterAll(async () => {
  await idle?.end().catch(() => undefined)
  await db?.drop()
})

describe('postgres-health on a database with known problems', () => {
  it('names the duplicate index, the dead table, the idle session and the sequence', async () => {
    const { ctx } = healthContext({ limits: { idleInTransactionSec: 1 } }, db.target)
    const out = await postgresHealthWorker.run(ctx)
    expect(out.status).toBe('passed')
    expect(out.health?.database).toBe(db.name)
    const fs = out.findings

    const dup = byId(fs, 'pg.health.duplicate-index')
    expect(values(dup)).toContain('public.dup_a1, public.dup_a2')
    expect(dup.recommendation).toContain('DROP INDEX CONCURRENTLY public.dup_a2;')
    expect(dup.recommendation).not.toContain('DROP INDEX CONCURRENTLY public.dup_a1;')

    const dead = byId(fs, 'pg.health.dead-tuples')
    expect(dead.severity).toBe('critical')
    expect(values(dead)).toContain('public.dead_t')
    expect(values(dead)).toContain('off')
    expect(dead.recommendation).toContain('ALTER TABLE public.dead_t RESET (autovacuum_enabled);')
    expect(dead.recommendation).toContain('VACUUM (ANALYZE) public.dead_t;')
    expect(
      out.health!.deadTuples.find((t) => t.table === 'public.dead_t')!.deadRatio,
    ).toBeGreaterThan(0.85)

    const it = byId(fs, 'pg.health.idle-in-transaction')
    expect(it.evidence).toContainEqual({ label: 'pid', value: String(idlePid) })
    expect(it.recommendation).toContain(`pg_terminate_backend(${idlePid})`)

    const seq = byId(fs, 'pg.health.sequence-exhaustion')
    expect(values(seq)).toContain('public.near_max_seq')
    expect(seq.severity).toBe('critical')
    expect(out.health!.sequences[0]).toMatchObject({
      sequence: 'public.near_max_seq',
      lastValue: 990,
    })
    // the fine table's fresh sequence is not a finding
    expect(values(seq).some((v) => v.includes('fine_t'))).toBe(false)

    // duplicates are also never scanned: both show as unused, the primary key does not
    const unused = byId(fs, 'pg.health.unused-index')
    expect(values(unused).join(' ')).not.toContain('dup_t_pkey')
    expect(out.health!.unusedIndexes.map((i) => i.index)).toEqual(
      expect.arrayContaining(['public.dup_a1', 'public.dup_a2']),
    )
    // findings come most severe first, and the metrics count them
    expect(fs[0]!.severity).toBe('critical')
    expect(out.metrics!.critical).toBe(fs.filter((f) => f.severity === 'critical').length)
    expect(out.health!.problems).toEqual([])
  }, 60_000)

  it('leaves nothing behind and runs in a read-only session', async () => {
    const before = await db.query('SELECT count(*)::int AS n FROM pg_class')
    const { ctx } = healthContext({}, db.target)
    const out = await postgresHealthWorker.run(ctx)
    expect(out.status).toBe('passed')
    const after = await db.query('SELECT count(*)::int AS n FROM pg_class')
    expect(after.rows[0].n).toBe(before.rows[0].n)
  }, 60_000)

  it('fails with a plain sentence when the database does not exist', async () => {
    const { ctx } = healthContext({}, { ...db.target, database: `${db.name}_missing` })
    const out = await postgresHealthWorker.run(ctx)
    expect(out.status).toBe('error')
    expect(out.error).toMatch(/does not exist.*check target\.database/)
  }, 30_000)
})
