import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { RunResultSchema, type RunResult } from '@shared/index'
import { runCli, type CliResult } from './run-cli'

/** Sharded runs as a user makes them: `perfdesk run --shard i/N --start-at T`, then `perfdesk merge`. */

export type ShardRunResult = CliResult & { out: string; log: string }

/** A scratch folder for one test file's plans, shard results and history DBs. */
export function shardScratch(prefix: string): {
  dir: () => string
  planFile: (name: string, plan: unknown) => string
  runShard: (
    plan: string,
    tag: string,
    i: number,
    n: number,
    startAt: string,
  ) => Promise<ShardRunResult>
} {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return {
    dir: () => dir,
    planFile(name, plan) {
      const file = join(dir, `${name}.json`)
      writeFileSync(file, JSON.stringify(plan, null, 2))
      return file
    },
    /** Runs shard i/n of `plan` (1-based) with --out and --frame; the framed stdout goes to a .log. */
    async runShard(plan, tag, i, n, startAt) {
      const out = join(dir, `${tag}-${i}.json`)
      const log = join(dir, `${tag}-${i}.log`)
      const r = await runCli([
        'run',
        plan,
        '--shard',
        `${i}/${n}`,
        '--start-at',
        startAt,
        '--frame',
        '--quiet',
        '--out',
        out,
        '--db',
        join(dir, `${tag}-${i}.db`),
      ])
      writeFileSync(log, `pod ${i} starting\n${r.stdout}pod ${i} done\n`)
      return { ...r, out, log }
    },
  }
}

export const readResult = (file: string): RunResult =>
  RunResultSchema.parse(JSON.parse(readFileSync(file, 'utf8')))

export const merge = (args: string[]): Promise<CliResult> => runCli(['merge', ...args])
export const soon = (ms: number): string => new Date(Date.now() + ms).toISOString()
