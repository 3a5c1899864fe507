import { z } from 'zod'
import type { ChartDescription } from '../charts'
import { IdSchema } from '../common'
import { LiveSampleSchema, suiteResultBase } from '../result-common'

/** When a health observation becomes a finding; the defaults follow PgHero's. */
export const PgHealthLimitsSchema = z
  .object({
    /** a table this share of whose tuples are dead (and at least minDeadTuples) */
    deadTupleRatio: z.number().min(0).max(1).default(0.2),
    minDeadTuples: z.number().int().min(0).default(1000),
    /** a session idle in a transaction this long */
    idleInTransactionSec: z.number().min(0).default(60),
    /** a statement running this long */
    longRunningSec: z.number().min(0).default(300),
    /** a sequence that has used this share of its range (or of its column's type) */
    sequenceUsedRatio: z.number().min(0).max(1).default(0.8),
    /** transaction ids consumed toward wraparound (2^31) */
    xidAgeRatio: z.number().min(0).max(1).default(0.5),
    /** connections in use over max_connections */
    connectionsRatio: z.number().min(0).max(1).default(0.8),
    /** table cache hit ratio below this, once enough blocks were read */
    tableCacheHit: z.number().min(0).max(1).default(0.99),
    /** a table is "large" (for missing and unused indexes) from this many rows */
    largeTableRows: z.number().int().min(0).default(10_000),
    /** rows changed since the last analyze, as a share of the table */
    staleStatsRatio: z.number().min(0).default(0.2),
  })
  .strict()
export type PgHealthLimits = z.infer<typeof PgHealthLimitsSchema>

export const PostgresHealthConfigSchema = z
  .object({
    kind: z.literal('postgres-health'),
    name: z.string().optional(),
    target: IdSchema,
    /** every statement the suite sends is cancelled after this long */
    statementTimeoutMs: z.number().int().min(100).max(600_000).default(5000),
    /** rows kept in each list (top queries, indexes, tables…) */
    limit: z.number().int().min(1).max(1000).default(10),
    limits: PgHealthLimitsSchema.default(PgHealthLimitsSchema.parse({})),
    /** the backup check writes a scratch database: it needs allowWrites */
    allowWrites: z.boolean().default(false),
    /** pg_dump, pg_restore into perfdesk_restore_<run>, compare row counts, drop the copy */
    backupCheck: z.boolean().default(false),
    /** a restore slower than this is a finding (recovery time objective) */
    rtoSec: z.number().positive().optional(),
    /** the backup check gives up (and cleans up) after this long */
    backupMaxSec: z.number().positive().max(86_400).default(900),
  })
  .strict()
export type PostgresHealthConfig = z.infer<typeof PostgresHealthConfigSchema>

const TableRef = z.string()

export const PgTopQuerySchema = z.object({
  query: z.string(),
  calls: z.number(),
  totalMs: z.number(),
  meanMs: z.number(),
  rows: z.number(),
  /** shared buffer hits / (hits + reads); null when it read no blocks */
  hitRatio: z.number().nullable(),
})

export const PgHealthDataSchema = z.object({
  serverVersion: z.string(),
  database: z.string(),
  /** user tables in the database */
  tables: z.number().int(),
  /** milliseconds the catalog reads took, all together */
  readMs: z.number(),
  statements: z.object({
    installed: z.boolean(),
    available: z.boolean(),
    loaded: z.boolean(),
    note: z.string(),
    top: z.array(PgTopQuerySchema),
  }),
  duplicateIndexes: z.array(
    z.object({
      table: TableRef,
      /** the index kept, then the ones that repeat it */
      indexes: z.array(z.string()),
      definition: z.string(),
      sizeBytes: z.number(),
    }),
  ),
  unusedIndexes: z.array(
    z.object({ index: z.string(), table: TableRef, sizeBytes: z.number(), scans: z.number() }),
  ),
  invalidIndexes: z.array(z.object({ index: z.string(), table: TableRef, definition: z.string() })),
  seqScanTables: z.array(
    z.object({
      table: TableRef,
      seqScan: z.number(),
      seqTupRead: z.number(),
      idxScan: z.number().nullable(),
      liveTuples: z.number(),
    }),
  ),
  deadTuples: z.array(
    z.object({
      table: TableRef,
      liveTuples: z.number(),
      deadTuples: z.number(),
      deadRatio: z.number(),
      lastVacuum: z.string().nullable(),
      lastAutovacuum: z.string().nullable(),
      autovacuumEnabled: z.boolean(),
    }),
  ),
  staleStats: z.array(
    z.object({
      table: TableRef,
      liveTuples: z.number(),
      modsSinceAnalyze: z.number(),
      lastAnalyze: z.string().nullable(),
    }),
  ),
  sessions: z.array(
    z.object({
      pid: z.number().int(),
      user: z.string().nullable(),
      application: z.string().nullable(),
      state: z.string(),
      /** seconds in this state (idle in transaction) or running this statement (active) */
      seconds: z.number(),
      query: z.string(),
    }),
  ),
  xid: z.object({
    /** age(datfrozenxid) of every database */
    databases: z.array(z.object({ database: z.string(), age: z.number(), share: z.number() })),
    /** the oldest tables of this database */
    tables: z.array(z.object({ table: TableRef, age: z.number() })),
    freezeMaxAge: z.number().nullable(),
  }),
  sequences: z.array(
    z.object({
      sequence: z.string(),
      lastValue: z.number().nullable(),
      maxValue: z.number(),
      usedRatio: z.number(),
      /** the column it feeds, when owned by one ("public.orders.id integer") */
      column: z.string().nullable(),
    }),
  ),
  connections: z.object({
    inUse: z.number().int(),
    max: z.number().int(),
    reserved: z.number().int(),
    byState: z.record(z.string(), z.number().int()),
  }),
  tableCache: z.object({
    hitRatio: z.number().nullable(),
    heapRead: z.number(),
    tables: z.array(
      z.object({ table: TableRef, hitRatio: z.number().nullable(), heapRead: z.number() }),
    ),
  }),
  /** views the role could not read, and the like */
  problems: z.array(z.string()),
})
export type PgHealthData = z.infer<typeof PgHealthDataSchema>

export const PgBackupSchema = z.object({
  dumpSec: z.number(),
  dumpBytes: z.number(),
  restoreSec: z.number().nullable(),
  tables: z.number().int(),
  tablesMatched: z.number().int(),
  mismatches: z.array(
    z.object({ table: z.string(), source: z.number().nullable(), restored: z.number().nullable() }),
  ),
  pgDump: z.string(),
  scratchDatabase: z.string(),
  /** the scratch database is gone again */
  dropped: z.boolean(),
  /** pg_restore's own complaints (it goes on after many of them) */
  restoreWarnings: z.array(z.string()),
  error: z.string().optional(),
})
export type PgBackup = z.infer<typeof PgBackupSchema>

export const HealthMetricsSchema = z.object({
  critical: z.number().int(),
  warning: z.number().int(),
  info: z.number().int(),
  durationSec: z.number(),
})
export type HealthMetrics = z.infer<typeof HealthMetricsSchema>

export const PostgresHealthSuiteResultSchema = z.object({
  ...suiteResultBase,
  kind: z.literal('postgres-health'),
  config: PostgresHealthConfigSchema,
  metrics: HealthMetricsSchema.nullable(),
  series: z.array(LiveSampleSchema),
  health: PgHealthDataSchema.nullable().default(null),
  backup: PgBackupSchema.nullable().default(null),
})
export type PostgresHealthSuiteResult = z.infer<typeof PostgresHealthSuiteResultSchema>

/** The postgres-health suite in the shared registry (src/shared/suites/index.ts): no per-second charts. */
export const postgresHealthShared = {
  kind: 'postgres-health',
  targetKind: 'postgres',
  config: PostgresHealthConfigSchema,
  result: PostgresHealthSuiteResultSchema,
  charts: [] as ChartDescription[],
} as const
