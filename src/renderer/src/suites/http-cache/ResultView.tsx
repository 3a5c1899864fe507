import type { HttpCacheMetrics, HttpCacheSuiteResult, LiveSample, SuiteResult } from '@shared/index'
import { SuiteFindings } from '../../components/Findings'
import { PALETTE } from '../../components/palette'
import { XYChart } from '../../components/XYChart'
import { Notes, Stat } from '../../components/ui'
import { bytes, ms, num, pct } from '../../lib/format'
import { sampleReader } from '../common/live-sample'
import { ResourceTable } from './ResourceTable'
import './http-cache.css'

export function HttpCacheLiveStats({ sample }: { sample: LiveSample | null }) {
  const v = sampleReader(sample)
  return (
    <div className="stats">
      <Stat label="Resources" value={num(v('resources'))} />
      <Stat label="Requests" value={num(v('requests'))} />
      <Stat label="Mean response" value={ms(v('ms'))} />
    </div>
  )
}

const share = (v: number | null, good: number): 'good' | 'warn' | undefined =>
  v === null ? undefined : v >= good ? 'good' : 'warn'

function Headline({ m }: { m: HttpCacheMetrics }) {
  return (
    <div className="stats">
      <Stat
        label="Resources"
        value={num(m.resources)}
        sub={m.failed ? `${m.failed} failed` : `${num(m.requests)} requests`}
        tone={m.failed ? 'bad' : undefined}
      />
      <Stat
        label="Cacheable"
        value={pct(m.cacheableShare, 0)}
        tone={share(m.cacheableShare, 0.8)}
      />
      <Stat
        label="Compressed"
        value={m.compressedShare === null ? '—' : pct(m.compressedShare, 0)}
        sub="of compressible bytes"
        tone={share(m.compressedShare, 0.9)}
      />
      <Stat
        label="Revalidating"
        value={m.revalidatingShare === null ? '—' : pct(m.revalidatingShare, 0)}
        sub="validators answered 304"
        tone={share(m.revalidatingShare, 0.9)}
      />
      <Stat
        label="CDN hit ratio"
        value={m.cdnHitRatio === null ? '—' : pct(m.cdnHitRatio, 0)}
        sub={m.cdnProvider ?? 'no CDN headers seen'}
        tone={share(m.cdnHitRatio, 0.8)}
      />
      <Stat
        label="Repeat view saves"
        value={bytes(m.repeatViewSavedBytes)}
        sub={`of ${bytes(m.totalBytes)}`}
      />
      {m.api ? (
        <Stat
          label="API cache would save"
          value={ms(m.api.savedMsPerRepeat)}
          sub={`per repeat, ${m.api.resources} uncached API path(s)`}
        />
      ) : null}
      {m.invalidation ? (
        <Stat
          label="Staleness window"
          value={m.invalidation.changed ? `${num(m.invalidation.windowSec, 2)} s` : 'no change'}
          sub={
            m.invalidation.changed
              ? `± ${num(m.invalidation.resolutionSec, 2)} s, ${m.invalidation.polls} polls`
              : `gave up after ${m.invalidation.polls} polls`
          }
          tone={m.invalidation.changed ? undefined : 'warn'}
        />
      ) : null}
    </div>
  )
}

/** Cold, warm and revalidated time of each resource, numbered as in the table. */
function TimingChart({ r }: { r: HttpCacheSuiteResult }) {
  const rows = r.resources.filter((x) => x.coldMs !== null)
  if (rows.length === 0) return null
  return (
    <div className="charts">
      <XYChart
        id="cache-timings"
        title="Cold, warm and revalidated response time per resource"
        x={rows.map((x) => r.resources.indexOf(x) + 1)}
        series={[
          { label: 'cold', color: PALETTE.red, values: rows.map((x) => x.coldMs), points: true },
          { label: 'warm', color: PALETTE.green, values: rows.map((x) => x.warmMs), points: true },
          {
            label: 'revalidated',
            color: PALETTE.blue,
            values: rows.map((x) => x.revalidateMs),
            points: true,
          },
        ]}
        xAxis={{ format: (v) => `#${num(v)}`, label: 'resource' }}
        y={{ format: (v) => ms(v), label: 'ms' }}
        ticksAtData={rows.length <= 20}
      />
    </div>
  )
}

export function HttpCacheResultView({ result }: { result: SuiteResult }) {
  if (result.kind !== 'http-cache') return null
  const r = result as HttpCacheSuiteResult
  const m = r.metrics
  return (
    <div className="suite-result cache-result">
      {m ? <Headline m={m} /> : <p className="muted">No resource was audited.</p>}
      <TimingChart r={r} />
      {r.resources.length ? <ResourceTable resources={r.resources} /> : null}
      <SuiteFindings findings={r.findings} testId="cache-findings" />
      <Notes notes={r.notes} />
    </div>
  )
}
