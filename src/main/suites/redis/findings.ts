import type {
  Finding,
  RedisCompression,
  RedisHitRate,
  RedisLatencyBend,
  RedisMatrixCell,
  RedisTtlCheck,
} from '@shared/index'
import { formatPayload } from './run-control'

const up = (s: string): string => s.toUpperCase()

/** Latency bends, pipelining gains and error replies, from the matrix. */
export function matrixFindings(cells: RedisMatrixCell[], bends: RedisLatencyBend[]): Finding[] {
  const out: Finding[] = []
  // one bend finding per operation, at its shallowest depth (the plain round trip)
  const byOp = new Map<string, RedisLatencyBend>()
  for (const b of bends) {
    const seen = byOp.get(b.operation)
    if (!seen || b.pipeline < seen.pipeline) byOp.set(b.operation, b)
  }
  for (const b of byOp.values()) {
    if (b.bendBytes === null) continue
    const series = cells
      .filter((c) => c.operation === b.operation && c.pipeline === b.pipeline && !c.partial)
      .sort((x, y) => x.payloadBytes - y.payloadBytes)
    out.push({
      id: `redis.matrix.bend.${b.operation}`,
      severity: 'info',
      title: `${up(b.operation)} latency bends at ${formatPayload(b.bendBytes)}: p99 ${b.baselineP99Ms} → ${b.bendP99Ms} ms`,
      detail:
        `With pipeline ${b.pipeline}, p99 at ${formatPayload(b.bendBytes)} is at least twice the p99 at ${formatPayload(b.baselineBytes)}; ` +
        `from there the value size, not the round trip, sets the latency (×${b.growth} at the largest size).`,
      evidence: series.map((c) => ({
        label: `${formatPayload(c.payloadBytes)} p99`,
        value: c.latencyMs.p99,
        unit: 'ms',
      })),
      recommendation: `Keep hot values below ${formatPayload(b.bendBytes)}: split large objects into hash fields read on demand, or compress them.`,
    })
  }
  // pipelining: deepest vs shallowest depth at the smallest payload, per operation
  const ops = [...new Set(cells.map((c) => c.operation))]
  for (const op of ops) {
    const mine = cells.filter((c) => c.operation === op && !c.partial && c.commands > 0)
    const smallest = Math.min(...mine.map((c) => c.payloadBytes))
    const atSize = mine
      .filter((c) => c.payloadBytes === smallest)
      .sort((a, b) => a.pipeline - b.pipeline)
    const lo = atSize[0]
    const hi = atSize[atSize.length - 1]
    if (!lo || !hi || lo === hi || lo.opsPerSec === 0) continue
    const gain = Math.round((hi.opsPerSec / lo.opsPerSec) * 10) / 10
    out.push({
      id: `redis.matrix.pipeline.${op}`,
      severity: 'info',
      title:
        gain >= 1.5
          ? `Pipelining ${hi.pipeline} gives ${gain}× the ops/s of single ${up(op)}s`
          : `Pipelining ${hi.pipeline} gains little for ${up(op)} (${gain}×)`,
      detail: `At ${formatPayload(smallest)}, ${up(op)} ran ${lo.opsPerSec.toLocaleString('en-US')} ops/s at depth ${lo.pipeline} and ${hi.opsPerSec.toLocaleString('en-US')} at depth ${hi.pipeline} (p99 ${lo.latencyMs.p99} → ${hi.latencyMs.p99} ms per command).`,
      evidence: [
        { label: `ops/s ×${lo.pipeline}`, value: lo.opsPerSec },
        { label: `ops/s ×${hi.pipeline}`, value: hi.opsPerSec },
        { label: `p99 ×${lo.pipeline}`, value: lo.latencyMs.p99, unit: 'ms' },
        { label: `p99 ×${hi.pipeline}`, value: hi.latencyMs.p99, unit: 'ms' },
      ],
      recommendation:
        gain >= 1.5
          ? 'Batch independent commands (pipelines, MGET/MSET) where the code issues several per request.'
          : 'The round trip is not the bottleneck here: look at value size, server CPU or the client instead of batching.',
    })
  }
  const failing = cells.filter((c) => c.errors > 0)
  if (failing.length > 0) {
    const total = failing.reduce((a, c) => a + c.errors, 0)
    const oom = failing.some((c) => /OOM/.test(c.firstError ?? ''))
    out.push({
      id: 'redis.matrix.errors',
      severity: oom ? 'critical' : 'warning',
      title: oom
        ? `${total} writes were refused: the server is out of memory (OOM)`
        : `${total} commands failed with an error reply`,
      detail: failing
        .slice(0, 5)
        .map(
          (c) =>
            `${up(c.operation)} ${formatPayload(c.payloadBytes)} ×${c.pipeline}: ${c.errors} × "${c.firstError ?? ''}"`,
        )
        .join('; '),
      evidence: failing.slice(0, 8).map((c) => ({
        label: `${up(c.operation)} ${formatPayload(c.payloadBytes)} ×${c.pipeline}`,
        value: c.errors,
      })),
      recommendation: oom
        ? 'Raise maxmemory or choose an evicting policy (allkeys-lru/lfu) for a cache.'
        : 'Read the error text: ACL denials and WRONGTYPE point at the key space or the user.',
    })
  }
  return out
}

export function compressionFinding(c: RedisCompression): Finding {
  const raw = c.rows.find((r) => r.codec === 'raw')
  const evidence: Finding['evidence'] = c.rows.flatMap((r) => [
    { label: `${r.codec} size`, value: r.bytes, unit: 'B' },
    ...(r.codec !== 'raw'
      ? [
          { label: `${r.codec} ratio`, value: r.ratio },
          {
            label: `${r.codec} encode + decode`,
            value: Math.round((r.encodeUs + r.decodeUs) * 10) / 10,
            unit: 'µs',
          },
        ]
      : []),
    { label: `${r.codec} SET p50`, value: r.setMs?.p50 ?? null, unit: 'ms' },
  ])
  const rec = c.recommendation
  return {
    id: rec.compress ? 'redis.compression.recommended' : 'redis.compression.not-worth-it',
    severity: 'info',
    title: rec.compress
      ? `Compress values of ${formatPayload(rec.minBytes ?? c.sampleBytes)} and more with ${rec.codec}`
      : 'Do not compress these values',
    detail: `Value sample (${c.source}, ${formatPayload(raw?.bytes ?? c.sampleBytes)}): ${rec.summary}.`,
    evidence,
    recommendation: rec.compress
      ? `Compress with ${rec.codec} above ${formatPayload(rec.minBytes ?? c.sampleBytes)}; store small values raw (a one-byte marker tells them apart).`
      : 'Store the values as they are: compression would spend CPU on every read and write and save next to no memory.',
  }
}

export function hitRateFinding(h: RedisHitRate, minHitRate: number | undefined): Finding {
  const gap = Math.round((h.measured - h.expected) * 1000) / 1000
  const below = minHitRate !== undefined && h.measured < minHitRate
  const offModel = Math.abs(gap) > 0.05
  return {
    id: 'redis.hit-rate',
    severity: below ? 'warning' : offModel ? 'warning' : 'info',
    title: `Cache-aside hit rate ${(h.measured * 100).toFixed(1)} % measured vs ${(h.expected * 100).toFixed(1)} % expected`,
    detail:
      `${h.requests.toLocaleString('en-US')} requests over ${h.keys.toLocaleString('en-US')} keys (Zipf ${h.zipf}` +
      `${h.ttlSec !== null ? `, TTL ${h.ttlSec} s` : ', no TTL'}) at ${h.requestsPerSec.toLocaleString('en-US')} req/s; ` +
      `steady state ${(h.steadyState.measured * 100).toFixed(1)} % (expected ${(h.steadyState.expected * 100).toFixed(1)} %). ` +
      (offModel
        ? `The server did ${gap < 0 ? 'worse' : 'better'} than the distribution predicts by ${Math.abs(gap * 100).toFixed(1)} points${(h.evictedDuring ?? 0) > 0 ? ` — ${h.evictedDuring} keys were evicted` : ''}.`
        : 'The server behaves as the key distribution predicts.'),
    evidence: [
      { label: 'measured', value: h.measured, unit: 'fraction' },
      { label: 'expected', value: h.expected, unit: 'fraction' },
      { label: 'steady-state measured', value: h.steadyState.measured, unit: 'fraction' },
      { label: 'steady-state expected', value: h.steadyState.expected, unit: 'fraction' },
      { label: 'model', value: h.model },
      { label: 'evicted during replay', value: h.evictedDuring },
      ...(h.errors > 0 ? [{ label: 'SET errors', value: h.errors }] : []),
    ],
    recommendation:
      h.ttlSec !== null && h.steadyState.expected < 0.9
        ? `A longer TTL raises the hit rate for this key pattern; with TTL ${h.ttlSec} s the cold tail keeps expiring before its next request.`
        : offModel && gap < 0
          ? 'Find what removes keys early: evictions (maxmemory), a shorter TTL than intended, or another client deleting them.'
          : 'The key pattern, not the server, sets this hit rate: more memory will not raise it; fewer distinct keys or longer TTLs would.',
  }
}

export function ttlFindings(t: RedisTtlCheck): Finding[] {
  const out: Finding[] = []
  if (!t.ttlSet || !t.expired || t.configuredOk === false) {
    out.push({
      id: 'redis.ttl.broken',
      severity: 'critical',
      title: 'Keys do not expire as configured',
      detail:
        `A probe key set with PX ${t.probeTtlMs} had PTTL ${t.observedPttlMs} and was ${t.expired ? '' : 'still there '}after ${t.waitedMs} ms` +
        (t.configuredTtlSec !== null
          ? `; a key written like the workload's had PTTL ${t.configuredPttlMs} ms for a TTL of ${t.configuredTtlSec} s.`
          : '.'),
      evidence: [
        { label: 'probe PTTL', value: t.observedPttlMs, unit: 'ms' },
        { label: 'probe expired', value: t.expired },
        { label: 'configured TTL', value: t.configuredTtlSec, unit: 's' },
        { label: 'configured PTTL', value: t.configuredPttlMs, unit: 'ms' },
      ],
      recommendation:
        'Check for a proxy that rewrites SET options, or a replica serving reads (replicas expire keys only when the primary does).',
    })
  }
  for (const [i, w] of t.warnings.entries()) {
    const critical = /noeviction|only keys with a TTL/.test(w)
    out.push({
      id: `redis.eviction.${i}`,
      severity: critical ? 'warning' : 'info',
      title: w.split(':')[0]!,
      detail: w,
      evidence: [
        { label: 'maxmemory', value: t.maxmemoryBytes, unit: 'B' },
        { label: 'maxmemory-policy', value: t.maxmemoryPolicy },
        { label: 'used_memory', value: t.usedMemoryBytes, unit: 'B' },
      ],
      recommendation: /no maxmemory/.test(w)
        ? 'Set maxmemory (e.g. 75 % of the RAM left for Redis) and maxmemory-policy allkeys-lfu for a cache.'
        : 'For a cache, use allkeys-lru or allkeys-lfu so that cold keys make room; keep noeviction for data that must not vanish.',
    })
  }
  return out
}

/** "GET 100 B ×16", as findings and notes name a cell. */
export function cellName(c: RedisMatrixCell): string {
  const size = c.payloadBytes > 0 ? ` ${formatPayload(c.payloadBytes)}` : ''
  return `${c.operation.toUpperCase()}${size} ×${c.pipeline}`
}
