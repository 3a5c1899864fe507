import type { RedisHealthSuiteResult } from '@shared/index'
import { fmtBytes, fmtNumber, fmtPercent } from '@shared/format'
import { palette, type ChartSpec } from '../../analysis/chart-spec'
import type { MetricInput } from '../../analysis/compare'
import { DATA_WEIGHTS, scoreFromFindings } from '../../analysis/score'
import type { DetailTable, KeyNumber, SuiteReportParts } from '../contract'
import { findingCounts, healthCompareInputs, healthHeadline } from '../postgres-health/report'

/** The report parts of redis-health: key numbers, detail tables, the sizing curve, compare inputs. */

const mb = (b: number | null): string => (b === null ? '—' : fmtBytes(b))

export function redisHealthKeyNumbers(s: RedisHealthSuiteResult): KeyNumber[] {
  const m = s.metrics
  const h = s.health
  if (!m || !h) return []
  const out: KeyNumber[] = [
    { label: 'findings', text: findingCounts(m) },
    {
      label: 'keys',
      text: `${fmtNumber(h.dbsizeBefore)} in db ${h.db} (${h.scan.complete ? 'all scanned' : `${fmtNumber(h.scan.keysSeen)} sampled`} in ${fmtNumber(h.scan.durationSec, 1)} s); DBSIZE after ${fmtNumber(h.dbsizeAfter)}`,
    },
    {
      label: 'data',
      text: `~${mb(h.scan.estimatedBytes)} (used memory ${mb(h.memory.usedBytes)})`,
    },
    {
      label: 'keys without TTL',
      text:
        h.ttl.noTtlShare === null
          ? '—'
          : `${fmtPercent(h.ttl.noTtlShare, 1)}${h.ttl.margin ? ` ± ${fmtPercent(h.ttl.margin, 1)}` : ''}`,
    },
    {
      label: 'biggest key',
      text: h.bigKeys[0]
        ? `${h.bigKeys[0].key} (${h.bigKeys[0].type}, ${mb(h.bigKeys[0].bytes)})`
        : '—',
    },
    {
      label: 'maxmemory',
      text: `${h.memory.maxmemoryBytes ? mb(h.memory.maxmemoryBytes) : 'none'} (${h.memory.policy ?? '?'})`,
    },
    {
      label: 'fragmentation',
      text: h.memory.fragmentationRatio === null ? '—' : fmtNumber(h.memory.fragmentationRatio, 2),
    },
    {
      label: 'keyspace hit ratio',
      text: h.stats.hitRatio === null ? '—' : fmtPercent(h.stats.hitRatio, 1),
    },
  ]
  if (h.curve)
    out.push({
      label: 'cache size for 90 / 95 / 99 % hits',
      text: `${mb(h.curve.for90)} / ${mb(h.curve.for95)} / ${mb(h.curve.for99)} (Zipf ${h.curve.zipf}, LRU)`,
    })
  if (h.version) out.push({ label: 'server', text: `Redis ${h.version}` })
  return out
}

export function redisHealthTables(s: RedisHealthSuiteResult): DetailTable[] {
  const h = s.health
  if (!h) return []
  const out: DetailTable[] = []
  if (h.bigKeys.length)
    out.push({
      title: 'Biggest keys (MEMORY USAGE)',
      columns: ['key', 'type', 'memory', 'TTL'],
      numeric: [false, false, true, true],
      rows: h.bigKeys.map((k) => [
        k.key,
        k.type,
        mb(k.bytes),
        k.ttlSec === null ? 'none' : `${fmtNumber(k.ttlSec, 0)} s`,
      ]),
    })
  if (h.types.length)
    out.push({
      title: 'Memory by type',
      columns: ['type', 'keys', 'memory'],
      numeric: [false, true, true],
      rows: h.types.map((t) => [t.type, fmtNumber(t.keys), mb(t.bytes)]),
    })
  if (h.slowlog.length)
    out.push({
      title: 'Slow log',
      columns: ['command', 'duration'],
      numeric: [false, true],
      rows: h.slowlog.map((e) => [e.command, `${fmtNumber(e.durationUs / 1000, 1)} ms`]),
    })
  return out
}

/** The cache-sizing curve: hit rate over cache memory, x on a log scale (log10 of bytes). */
export function redisHealthCharts(s: RedisHealthSuiteResult): ChartSpec[] {
  const c = s.health?.curve
  if (!c || !c.points.length) return []
  return [
    {
      id: `s${s.index}-cache-curve`,
      title: 'Cache sizing: LRU hit rate by memory',
      unit: '% hits',
      xs: c.points.map((p) => Math.log10(Math.max(1, p.memoryBytes))),
      x: { label: 'cache memory (log scale)', format: (v) => fmtBytes(10 ** v) },
      series: [
        {
          key: 'hitRate',
          label: 'hit rate',
          color: palette.teal,
          values: c.points.map((p) => p.hitRate * 100),
        },
      ],
    },
  ]
}

function compareInputs(a: RedisHealthSuiteResult, b: RedisHealthSuiteResult): MetricInput[] {
  return healthCompareInputs(a, b, (both) => [
    both('keys', 'keys', '', 'none', (s) => s.health?.dbsizeBefore),
    both('dataBytes', 'data size', 'bytes', 'none', (s) => s.health?.scan.estimatedBytes),
    both('noTtlShare', 'share of keys without TTL', '', 'lower', (s) => s.health?.ttl.noTtlShare),
    both('biggestKey', 'biggest key', 'bytes', 'lower', (s) => s.health?.bigKeys[0]?.bytes),
    both('hitRatio', 'keyspace hit ratio', '', 'higher', (s) => s.health?.stats.hitRatio),
    both(
      'fragmentation',
      'fragmentation ratio',
      '',
      'lower',
      (s) => s.health?.memory.fragmentationRatio,
    ),
    both('for95', 'memory for 95 % hits', 'bytes', 'none', (s) => s.health?.curve?.for95),
  ])
}

export const redisHealthReport: SuiteReportParts<'redis-health'> = {
  keyNumbers: redisHealthKeyNumbers,
  headline: (s) => healthHeadline(s.metrics),
  // read commands only: nothing is made to fail
  errorRate: () => null,
  scoreWeights: DATA_WEIGHTS,
  score: scoreFromFindings,
  charts: redisHealthCharts,
  compareInputs,
  detailTables: redisHealthTables,
}
