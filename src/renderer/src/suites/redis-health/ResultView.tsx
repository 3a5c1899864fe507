import type {
  LiveSample,
  RedisCacheCurve,
  RedisHealthData,
  RedisHealthSuiteResult,
  SuiteResult,
} from '@shared/index'
import { PALETTE } from '../../components/palette'
import { Stat } from '../../components/ui'
import { XYChart, type PlotMarker } from '../../components/XYChart'
import { bytes, duration, ms, num, pct } from '../../lib/format'
import { HealthFindings, HealthTable } from '../common/health-table'
import { sampleReader } from '../common/live-sample'

export function RedisHealthLiveStats({ sample }: { sample: LiveSample | null }) {
  const v = sampleReader(sample)
  return (
    <div className="stats">
      <Stat label="Elapsed" value={duration(v('t'))} sub="scanning keys, paced" />
    </div>
  )
}

export function RedisHealthResultView({ result }: { result: SuiteResult }) {
  if (result.kind !== 'redis-health') return null
  const r = result as RedisHealthSuiteResult
  const h = r.health
  return (
    <div className="suite-result health-result" data-testid="redis-health">
      {h && r.metrics ? (
        <Headline h={h} critical={r.metrics.critical} />
      ) : (
        <p className="muted">Nothing was read.</p>
      )}
      <HealthFindings findings={r.findings} />
      {h?.curve ? <Curve c={h.curve} maxmemory={h.memory.maxmemoryBytes} /> : null}
      {h ? <Tables h={h} /> : null}
    </div>
  )
}

function Headline({ h, critical }: { h: RedisHealthData; critical: number }) {
  const m = h.memory
  return (
    <div className="stats">
      <Stat
        label="Keys"
        value={num(h.dbsizeBefore)}
        sub={`db ${h.db} · ${h.scan.complete ? 'all scanned' : `${num(h.scan.keysSeen)} sampled`} · DBSIZE after ${num(h.dbsizeAfter)}`}
      />
      <Stat
        label="Data"
        value={bytes(h.scan.estimatedBytes)}
        sub={`used memory ${bytes(m.usedBytes)}`}
      />
      <Stat
        label="No TTL"
        value={pct(h.ttl.noTtlShare, 1)}
        sub={h.ttl.margin ? `± ${pct(h.ttl.margin, 1)} (sample)` : 'of all keys'}
      />
      <Stat
        label="maxmemory"
        value={m.maxmemoryBytes ? bytes(m.maxmemoryBytes) : 'none'}
        sub={m.policy ?? undefined}
        tone={m.maxmemoryBytes ? undefined : 'warn'}
      />
      <Stat label="Hit ratio" value={pct(h.stats.hitRatio, 1)} sub="since the server started" />
      <Stat label="Critical" value={num(critical)} tone={critical ? 'bad' : 'good'} />
    </div>
  )
}

function Curve({ c, maxmemory }: { c: RedisCacheCurve; maxmemory: number | null }) {
  const markers: PlotMarker[] = []
  if (c.for95 !== null)
    markers.push({
      x: Math.max(1, c.for95),
      label: `95 %: ${bytes(c.for95)}`,
      color: PALETTE.green,
    })
  if (c.for99 !== null)
    markers.push({
      x: Math.max(1, c.for99),
      label: `99 %: ${bytes(c.for99)}`,
      color: PALETTE.amber,
    })
  if (maxmemory) markers.push({ x: maxmemory, label: 'maxmemory', color: PALETTE.red })
  return (
    <div className="health-table" data-testid="redis-cache-curve">
      <h3>Cache sizing: hit rate by memory</h3>
      <p className="muted">
        For 90 % hits you need ~<b>{bytes(c.for90)}</b>, for 95 % ~<b>{bytes(c.for95)}</b>, for 99 %
        ~<b>{bytes(c.for99)}</b>
        {c.atMaxmemory !== null ? (
          <> · today&apos;s maxmemory gives {pct(c.atMaxmemory, 1)}</>
        ) : null}
        . {c.model}.
      </p>
      <div className="charts">
        <XYChart
          id="redis-cache-curve"
          title="LRU hit rate vs cache memory"
          x={c.points.map((p) => Math.max(1, p.memoryBytes))}
          series={[
            { label: 'hit rate', color: PALETTE.teal, values: c.points.map((p) => p.hitRate) },
          ]}
          // uPlot hands a log axis's unlabelled minor ticks over as null
          xAxis={{ label: 'cache memory', format: (v) => (v == null ? '' : bytes(v)) }}
          y={{ format: (v) => pct(v, 0), max: 1 }}
          markers={markers}
          logX
        />
      </div>
    </div>
  )
}

function Tables({ h }: { h: RedisHealthData }) {
  const p = h.persistence
  return (
    <>
      <HealthTable
        title="Biggest keys (MEMORY USAGE)"
        rows={h.bigKeys}
        testId="redis-big-keys"
        columns={[
          { title: 'Key', cell: (k) => <code>{k.key}</code> },
          { title: 'Type', cell: (k) => k.type },
          { title: 'Memory', num: true, cell: (k) => bytes(k.bytes) },
          {
            title: 'TTL',
            num: true,
            cell: (k) => (k.ttlSec === null ? 'none' : duration(k.ttlSec)),
          },
        ]}
      />
      <HealthTable
        title="Memory by type"
        rows={h.types}
        columns={[
          { title: 'Type', cell: (t) => t.type },
          { title: 'Keys', num: true, cell: (t) => num(t.keys) },
          { title: 'Memory', num: true, cell: (t) => bytes(t.bytes) },
          { title: 'Mean', num: true, cell: (t) => bytes(t.keys ? t.bytes / t.keys : 0) },
        ]}
      />
      <HealthTable
        title="Slow log"
        rows={h.slowlog}
        columns={[
          { title: 'Command', cell: (e) => <code>{e.command}</code> },
          { title: 'Duration', num: true, cell: (e) => ms(e.durationUs / 1000) },
        ]}
      />
      <div className="kv-row">
        <span>Server</span>
        <span className="chip">
          Redis <b>{h.version ?? '?'}</b>
        </span>
        <span className="chip">
          fragmentation <b>{num(h.memory.fragmentationRatio, 2)}</b> (RSS {bytes(h.memory.rssBytes)}
          )
        </span>
        <span className="chip">
          clients <b>{num(h.clients.connected)}</b> / {num(h.clients.maxclients)} · blocked{' '}
          {num(h.clients.blocked)} · refused {num(h.clients.rejected)}
        </span>
        <span className="chip">
          RDB <b>{p.rdbLastSaveStatus ?? '?'}</b>
          {p.rdbLastSaveAgeSec !== null ? `, ${duration(p.rdbLastSaveAgeSec)} ago` : ''} · save
          &quot;
          {p.rdbSaveConfig ?? '?'}&quot;
        </span>
        <span className="chip">
          AOF <b>{p.aofEnabled ? (p.aofLastWriteStatus ?? 'on') : 'off'}</b>
        </span>
        <span className="chip">
          evicted <b>{num(h.stats.evictedKeys)}</b> · expired <b>{num(h.stats.expiredKeys)}</b>
        </span>
      </div>
    </>
  )
}
