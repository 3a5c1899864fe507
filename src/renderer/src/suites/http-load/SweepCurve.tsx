import { useMemo } from 'react'
import type { HttpLoadSuiteResult } from '@shared/index'
import { PALETTE } from '../../components/palette'
import { XYChart, type PlotMarker } from '../../components/XYChart'
import { ms, num, rate } from '../../lib/format'

type Sweep = NonNullable<HttpLoadSuiteResult['sweep']>

const KNEE_COLOR = PALETTE.purple
const SUSTAINABLE_COLOR = PALETTE.green

/**
 * The throughput–latency curve of a sweep: load offered (connections or req/s) across, req/s
 * served on the left axis, p95 on the right; the knee of the fitted curve and the highest
 * level that still met the latency limit are marked and stated.
 */
export function SweepCurve({ sweep, p95Limit }: { sweep: Sweep; p95Limit: number }) {
  const byRate = sweep.steps.some((s) => s.rate !== undefined)
  const unit = byRate ? 'req/s' : 'connections'
  const loadText = (v: number): string =>
    byRate ? rate(v) : `${num(v, Number.isInteger(v) ? 0 : 1)} conn`
  const steps = useMemo(
    () =>
      sweep.steps
        .map((s) => ({ load: s.rate ?? s.connections ?? 0, s }))
        .sort((a, b) => a.load - b.load),
    [sweep.steps],
  )
  const x = useMemo(() => steps.map((p) => p.load), [steps])
  const series = useMemo(
    () => [
      {
        label: 'served req/s',
        color: PALETTE.blue,
        values: steps.map((p) => p.s.rps),
        points: true,
      },
      {
        label: 'p95',
        color: PALETTE.amber,
        values: steps.map((p) => p.s.latencyMs.p95),
        right: true,
        points: true,
      },
    ],
    [steps],
  )
  const markers: PlotMarker[] = []
  if (sweep.knee) {
    markers.push({
      x: sweep.knee.load,
      label: `knee ≈ ${loadText(sweep.knee.load)}`,
      color: KNEE_COLOR,
    })
  }
  if (sweep.maxSustainable) {
    markers.push({
      x: sweep.maxSustainable.load,
      label: `max sustainable ${loadText(sweep.maxSustainable.load)}`,
      color: SUSTAINABLE_COLOR,
    })
  }
  const ms_ = sweep.maxSustainable
  return (
    <div className="sweep-curve" data-testid="sweep-curve">
      <XYChart
        id="sweep"
        title={`Throughput and p95 latency against load (${unit})`}
        x={x}
        series={series}
        xAxis={{ format: (v) => num(v), label: byRate ? 'offered rate (req/s)' : 'connections' }}
        ticksAtData
        y={{ format: (v) => num(v), label: 'req/s served' }}
        y2={{ format: (v) => ms(v), label: 'p95' }}
        markers={markers}
        height={230}
      />
      <ul className="sweep-verdict">
        <li data-testid="max-sustainable">
          <span className="dot" style={{ background: SUSTAINABLE_COLOR }} />
          {ms_ ? (
            <>
              <b>Max sustainable load: {loadText(ms_.load)}</b> — {rate(ms_.rps)} served at p95{' '}
              {ms(ms_.p95Ms)} (limit {ms(p95Limit)}).
            </>
          ) : (
            <>
              <b>No level was sustainable</b>: every step missed the p95 limit of {ms(p95Limit)} or
              the thresholds.
            </>
          )}
        </li>
        <li data-testid="knee">
          <span className="dot" style={{ background: KNEE_COLOR }} />
          {sweep.knee ? (
            <>
              <b>Knee near {loadText(sweep.knee.load)}</b> (≈ {rate(sweep.knee.rps)} served): beyond
              it more load mostly adds queueing. Fit: {sweep.knee.model.toUpperCase()}
              {sweep.knee.fit.r2 !== undefined ? `, R² ${num(sweep.knee.fit.r2, 3)}` : ''}.
            </>
          ) : (
            <>No knee found: throughput still follows the load at the highest level measured.</>
          )}
        </li>
      </ul>
    </div>
  )
}
