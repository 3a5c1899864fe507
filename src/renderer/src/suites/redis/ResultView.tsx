import { useMemo, useState } from 'react'
import type { LiveSample, RedisMetrics, RedisSuiteResult, SuiteResult } from '@shared/index'
import { PALETTE } from '../../components/palette'
import { SuiteFindings } from '../../components/Findings'
import { SeriesCharts } from '../../components/SeriesChart'
import { XYChart, type PlotSeries } from '../../components/XYChart'
import { Notes, Stat } from '../../components/ui'
import { bytes, ms, num, pct, rate } from '../../lib/format'
import { sampleReader } from '../common/live-sample'
import type { SeriesPoint } from '../types'
import { depthColors, redisCharts } from './charts'
import { sizeText } from './draft'
import { numCol, TableHead } from '../../components/table-head'

const opsFormat = (v: number): string => num(v, v < 10 ? 1 : 0)
const sizeFormat = (v: number): string => (v >= 1024 ? sizeText(v) : `${Math.round(v)} B`)
const reqFormat = (v: number): string =>
  v >= 1000 ? `${num(v / 1000, v < 10_000 ? 1 : 0)}k` : num(v)
const pctFormat = (v: number): string => pct(v, 0)
const size = (b: number): string =>
  b === 0 ? '–' : b < 1024 ? `${b} B` : sizeText(b).replace(/^(\d+)$/, '$1 B')

export function RedisLiveStats({ sample }: { sample: LiveSample | null }) {
  const v = sampleReader(sample)
  return (
    <div className="stats">
      <Stat
        label="Throughput"
        value={rate(v('opsPerSec'), 'ops/s')}
        sub={v('step') ? `step ${v('step')}` : undefined}
      />
      <Stat label="p50" value={ms(v('p50'))} />
      <Stat label="p99" value={ms(v('p99'))} />
      <Stat
        label="Errors"
        value={num(v('errors'))}
        tone={(v('errors') ?? 0) > 0 ? 'bad' : undefined}
      />
      {v('hitRate') !== null ? <Stat label="Hit rate" value={pct(v('hitRate'), 1)} /> : null}
    </div>
  )
}

export function RedisResultView({ result }: { result: SuiteResult }) {
  if (result.kind !== 'redis') return null
  const r = result as RedisSuiteResult
  const m = r.metrics
  return (
    <div className="suite-result redis-result">
      {m ? <Headline m={m} /> : <p className="muted">No measurements were recorded.</p>}
      {m && m.matrix.length ? <Matrix m={m} /> : null}
      {r.series.length ? (
        <SeriesCharts specs={redisCharts} points={r.series as SeriesPoint[]} />
      ) : null}
      {m?.compression ? <Compression c={m.compression} /> : null}
      {m?.hitRate ? <HitRate h={m.hitRate} /> : null}
      {m?.ttl ? <Ttl t={m.ttl} /> : null}
      {m?.health ? <Health h={m.health} /> : null}
      <SuiteFindings findings={r.findings} testId="redis-findings" />
      {r.details ? (
        <p className="muted">
          Keys under <code>{r.details.keyPrefix}</code>:{' '}
          {r.details.cleanup.done
            ? `${num(r.details.cleanup.removed)} removed at the end`
            : `cleanup incomplete (${r.details.cleanup.error ?? 'unknown'})`}
        </p>
      ) : null}
    </div>
  )
}

function Headline({ m }: { m: RedisMetrics }) {
  return (
    <div className="stats">
      <Stat
        label="Peak throughput"
        value={rate(m.peakOpsPerSec, 'ops/s')}
        rate
        sub={`${num(m.commands)} commands`}
      />
      <Stat label="Slowest cell" value={rate(m.minOpsPerSec, 'ops/s')} />
      <Stat label="Worst p99" value={ms(m.p99Ms)} sub={`p50 overall ${ms(m.latencyMs.p50)}`} />
      <Stat label="Errors" value={num(m.errors)} tone={m.errors > 0 ? 'bad' : 'good'} />
      {m.hitRate ? (
        <Stat
          label="Hit rate"
          value={pct(m.hitRate.measured, 1)}
          sub={`expected ${pct(m.hitRate.expected, 1)}`}
          tone={Math.abs(m.hitRate.measured - m.hitRate.expected) > 0.05 ? 'warn' : undefined}
        />
      ) : null}
      {m.compression ? (
        <Stat
          label="Compression"
          value={
            m.compression.recommendation.compress
              ? (m.compression.recommendation.codec ?? 'yes')
              : 'not worth it'
          }
          sub={
            m.compression.recommendation.compress
              ? `from ${size(m.compression.recommendation.minBytes ?? 0)}`
              : undefined
          }
        />
      ) : null}
    </div>
  )
}

function Matrix({ m }: { m: RedisMetrics }) {
  const ops = useMemo(() => [...new Set(m.matrix.map((c) => c.operation))], [m])
  const [op, setOp] = useState(ops[0])
  const bendAt = new Map(m.bends.map((b) => [`${b.operation}|${b.pipeline}`, b.bendBytes]))
  const chosen = op && ops.includes(op) ? op : ops[0]
  const charts = useMemo(() => {
    const cells = m.matrix.filter((c) => c.operation === chosen && c.payloadBytes > 0)
    const sizes = [...new Set(cells.map((c) => c.payloadBytes))].sort((a, b) => a - b)
    const depths = [...new Set(cells.map((c) => c.pipeline))].sort((a, b) => a - b)
    const pick = (d: number, key: 'ops' | 'p99'): (number | null)[] =>
      sizes.map((s) => {
        const c = cells.find((x) => x.pipeline === d && x.payloadBytes === s)
        return c ? (key === 'ops' ? c.opsPerSec : c.latencyMs.p99) : null
      })
    const series = (key: 'ops' | 'p99'): PlotSeries[] =>
      depths.map((d, i) => ({
        label: `×${d}`,
        color: depthColors[i % depthColors.length]!,
        values: pick(d, key),
        points: true,
      }))
    return { sizes, ops: series('ops'), p99: series('p99') }
  }, [m, chosen])

  return (
    <>
      <h3>Operation × payload × pipeline</h3>
      <table className="table compact" data-testid="redis-matrix">
        <TableHead
          columns={[
            'Operation',
            'Payload',
            'Pipeline',
            numCol('ops/s'),
            numCol('p50'),
            numCol('p90'),
            numCol('p99'),
            numCol('max'),
            numCol('Errors'),
          ]}
        />
        <tbody>
          {m.matrix.map((c, i) => {
            const bend = bendAt.get(`${c.operation}|${c.pipeline}`) === c.payloadBytes
            return (
              <tr
                key={i}
                className={bend ? 'bend' : undefined}
                title={bend ? 'latency bends here: p99 ≥ 2× the smallest size' : undefined}
              >
                <td>{c.operation.toUpperCase()}</td>
                <td>{size(c.payloadBytes)}</td>
                <td>×{c.pipeline}</td>
                <td className="num">{num(c.opsPerSec)}</td>
                <td className="num">{ms(c.latencyMs.p50)}</td>
                <td className="num">{ms(c.latencyMs.p90)}</td>
                <td className="num">
                  {ms(c.latencyMs.p99)}
                  {bend ? ' ◆' : ''}
                </td>
                <td className="num">{ms(c.latencyMs.max)}</td>
                <td className="num" title={c.firstError}>
                  {num(c.errors)}
                  {c.partial ? ' (partial)' : ''}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <p className="muted">
        A pipelined command’s latency is its batch’s round trip. ◆ marks where p99 first reaches
        twice the smallest payload’s.
      </p>
      {charts.sizes.length > 1 ? (
        <>
          {ops.length > 1 ? (
            <div className="segmented" role="group" aria-label="operation shown in the charts">
              {ops.map((o) => (
                <button
                  type="button"
                  key={o}
                  className={o === chosen ? 'on' : ''}
                  onClick={() => setOp(o)}
                >
                  {o.toUpperCase()}
                </button>
              ))}
            </div>
          ) : null}
          <div className="charts">
            <PayloadCurve
              id="redis-ops-vs-payload"
              title={`${chosen?.toUpperCase()} ops/s vs payload, per pipeline depth`}
              sizes={charts.sizes}
              series={charts.ops}
              format={opsFormat}
            />
            <PayloadCurve
              id="redis-p99-vs-payload"
              title={`${chosen?.toUpperCase()} p99 vs payload, per pipeline depth`}
              sizes={charts.sizes}
              series={charts.p99}
              format={ms}
            />
          </div>
        </>
      ) : null}
    </>
  )
}

/** One measure against the payload size (log scale, ticks at the measured sizes), a line per depth. */
function PayloadCurve({
  id,
  title,
  sizes,
  series,
  format,
}: {
  id: string
  title: string
  sizes: readonly number[]
  series: PlotSeries[]
  format: (v: number) => string
}) {
  return (
    <XYChart
      id={id}
      title={title}
      x={sizes}
      series={series}
      xAxis={{ format: sizeFormat }}
      y={{ format }}
      logX
      ticksAtData
    />
  )
}

function Compression({ c }: { c: NonNullable<RedisMetrics['compression']> }) {
  return (
    <>
      <h3>
        Compression (
        {c.source === 'generated-json'
          ? 'generated JSON'
          : c.source === 'file'
            ? 'sample file'
            : 'sample JSON'}
        , {bytes(c.sampleBytes)})
      </h3>
      <table className="table compact" data-testid="redis-compression">
        <TableHead
          columns={[
            'Codec',
            numCol('Size'),
            numCol('Ratio'),
            numCol('Encode'),
            numCol('Decode'),
            numCol('SET p50'),
            numCol('GET p50'),
          ]}
        />
        <tbody>
          {c.rows.map((row) => (
            <tr
              key={row.codec}
              style={row.codec === c.recommendation.codec ? { fontWeight: 600 } : undefined}
            >
              <td>
                {row.codec}
                {row.level !== null ? ` (${row.level})` : ''}
                {row.codec === c.recommendation.codec ? ' ✓' : ''}
              </td>
              <td className="num">{bytes(row.bytes)}</td>
              <td className="num">{num(row.ratio, 2)}×</td>
              <td className="num">{row.codec === 'raw' ? '–' : `${num(row.encodeUs, 1)} µs`}</td>
              <td className="num">{row.codec === 'raw' ? '–' : `${num(row.decodeUs, 1)} µs`}</td>
              <td className="num">{ms(row.setMs?.p50)}</td>
              <td className="num">{ms(row.getMs?.p50)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={c.recommendation.compress ? 'recommendation' : 'muted'}>
        → {c.recommendation.summary}
      </p>
      {c.bySize.length > 1 ? (
        <div className="kv-row">
          <span>{c.bySize[0]!.codec} ratio by value size</span>
          {c.bySize.map((s) => (
            <span key={s.bytes} className="chip">
              {size(s.bytes)} <b>{num(s.ratio, 2)}×</b>
            </span>
          ))}
        </div>
      ) : null}
    </>
  )
}

function HitRate({ h }: { h: NonNullable<RedisMetrics['hitRate']> }) {
  const data = useMemo(
    () => ({
      x: h.series.map((p) => p.requests),
      series: [
        { label: 'measured', color: PALETTE.blue, values: h.series.map((p) => p.measured) },
        {
          label: 'expected',
          color: PALETTE.amber,
          values: h.series.map((p) => p.expected),
          dash: [6, 4],
        },
      ] as PlotSeries[],
    }),
    [h],
  )
  return (
    <>
      <h3>Hit rate: cache-aside replay</h3>
      <div className="stats">
        <Stat
          label="Measured"
          value={pct(h.measured, 1)}
          sub={`${num(h.hits)} of ${num(h.requests)} requests`}
        />
        <Stat
          label="Expected"
          value={pct(h.expected, 1)}
          sub={h.model === 'exact' ? 'exact (no TTL)' : 'Poisson TTL model'}
        />
        <Stat
          label="Steady state"
          value={pct(h.steadyState.measured, 1)}
          sub={`expected ${pct(h.steadyState.expected, 1)}`}
        />
        <Stat
          label="Replay rate"
          value={rate(h.requestsPerSec, 'req/s')}
          sub={`${num(h.keys)} keys · Zipf ${h.zipf}${h.ttlSec !== null ? ` · TTL ${h.ttlSec} s` : ''}`}
        />
      </div>
      {data.x.length > 1 ? (
        <div className="charts">
          <XYChart
            id="redis-hit-rate-curve"
            title="Hit rate per window: measured vs expected"
            x={data.x}
            series={data.series}
            xAxis={{ format: reqFormat }}
            y={{ format: pctFormat, max: 1 }}
          />
        </div>
      ) : null}
    </>
  )
}

function Ttl({ t }: { t: NonNullable<RedisMetrics['ttl']> }) {
  return (
    <>
      <h3>TTL and eviction</h3>
      <div className="kv-row">
        <span className="chip">
          probe PX {t.probeTtlMs}: PTTL <b>{t.observedPttlMs ?? '–'} ms</b>,{' '}
          {t.expired ? 'expired on time' : 'did NOT expire'}
        </span>
        {t.configuredTtlSec !== null ? (
          <span className="chip">
            workload TTL {t.configuredTtlSec} s: PTTL <b>{t.configuredPttlMs ?? '–'} ms</b>{' '}
            {t.configuredOk ? '✓' : '✗'}
          </span>
        ) : null}
        <span className="chip">
          maxmemory <b>{t.maxmemoryBytes ? bytes(t.maxmemoryBytes) : 'no limit'}</b>
        </span>
        <span className="chip">
          policy <b>{t.maxmemoryPolicy ?? '–'}</b>
        </span>
      </div>
      <Notes notes={t.warnings} />
    </>
  )
}

function Health({ h }: { h: NonNullable<RedisMetrics['health']> }) {
  return (
    <>
      <h3>Server health</h3>
      <div className="kv-row" data-testid="redis-health">
        <span className="chip">
          Redis <b>{h.version ?? '?'}</b> {h.mode ?? ''} {h.role ?? ''}
        </span>
        <span className="chip">
          memory <b>{bytes(h.usedMemoryBytes)}</b> (RSS {bytes(h.usedMemoryRssBytes)}, frag{' '}
          {num(h.fragmentationRatio, 2)})
        </span>
        <span className="chip">
          clients <b>{num(h.connectedClients)}</b>
        </span>
        <span className="chip">
          hit ratio <b>{pct(h.hitRatio, 1)}</b>
        </span>
        <span className="chip">
          evicted <b>{num(h.evictedKeys)}</b> · expired <b>{num(h.expiredKeys)}</b>
        </span>
        <span className="chip">
          during the run: <b>{num(h.during.commands)}</b> commands
        </span>
      </div>
      {h.slowlog && h.slowlog.length ? (
        <table className="table compact">
          <TableHead columns={['SLOWLOG', numCol('Duration'), 'By']} />
          <tbody>
            {h.slowlog.map((e) => (
              <tr key={e.id}>
                <td>
                  <code>{e.command}</code>
                </td>
                <td className="num">{ms(e.durationUs / 1000)}</td>
                <td>{e.ours ? 'this suite' : 'another client'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {h.latency && h.latency.length ? (
        <div className="kv-row">
          <span>LATENCY LATEST</span>
          {h.latency.map((e) => (
            <span key={e.event} className="chip">
              {e.event} <b>{e.maxMs} ms</b> max
            </span>
          ))}
        </div>
      ) : null}
    </>
  )
}
