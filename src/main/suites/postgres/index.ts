import type { PostgresConfig } from '@shared/index'
import type { SuiteDefinition } from '../contract'
import { splitPostgresShard } from './split-shard'
import { mergePostgresShards } from './merge-shards'
import { postgresReport } from './report'
import { classifySql, stripSql } from './sql-classify'

/** Checks the schema cannot express: writes in a read-only plan, what-if without writes, $n without a param. */
export function validatePostgresConfig(c: PostgresConfig): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = []
  c.queries.forEach((q, j) => {
    if (!c.allowWrites) {
      const v = classifySql(q.sql)
      if (v.write) {
        problems.push({
          path: `queries[${j}].sql`,
          message: `query "${q.name}" may write (${v.reason}) but the suite is read-only: remove it, or set "allowWrites": true on the suite if it may modify this database`,
        })
      }
    }
    const used = [...stripSql(q.sql).matchAll(/\$(\d+)/g)].map((m) => Number(m[1]))
    const highest = used.length ? Math.max(...used) : 0
    if (highest > q.params.length) {
      problems.push({
        path: `queries[${j}].params`,
        message: `query "${q.name}" uses $${highest} but params has ${q.params.length} value${q.params.length === 1 ? '' : 's'}: add one generator per placeholder, e.g. {"randomInt": [1, 1000]}`,
      })
    }
  })
  if (c.whatIf && !c.allowWrites) {
    problems.push({
      path: 'whatIf',
      message:
        'what-if creates each proposed index inside a transaction that is rolled back; it still takes locks, so it needs "allowWrites": true',
    })
  }
  const names = new Map<string, number>()
  c.queries.forEach((q, j) => {
    const first = names.get(q.name)
    if (first !== undefined) {
      problems.push({
        path: `queries[${j}].name`,
        message: `query name "${q.name}" is already used by queries[${first}]`,
      })
    } else names.set(q.name, j)
  })
  return problems
}

export const postgresSuite: SuiteDefinition<'postgres'> = {
  kind: 'postgres',
  label: 'PostgreSQL',
  loadWorker: async () => (await import('./worker')).postgresWorker,
  report: postgresReport,
  splitShard: splitPostgresShard,
  mergeShards: mergePostgresShards,
  describe: (c) => c.name ?? `PostgreSQL: ${c.queries.map((q) => q.name).join(', ')}`,
  // the sweep, plus planning and health reading before and after
  expectedSec: (c) => new Set(c.poolSizes).size * c.durationSec + 2,
  validate: validatePostgresConfig,
}
