import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import { partialSamples } from '@shared/charts'
import type { ChartSpec, SeriesPoint } from '../suites/types'
import { ChartTable, chartLabel } from './ChartTable'
import { AXIS, followWidth, tickWidth, zeroUp } from './plot-style'

/** The most points a chart keeps: more than any chart is wide in pixels. */
export const MAX_CHART_POINTS = 1800

/** "12 s", or "12.45 s" for a sample that did not end on a whole second */
const atSecond = (t: number): string =>
  `${Math.abs(t - Math.round(t)) < 0.005 ? t.toFixed(0) : t.toFixed(2)} s`

/** x: seconds since the suite began (the sample's `t`), never the sample's index. */
export function columns(spec: ChartSpec, all: readonly SeriesPoint[]): uPlot.AlignedData {
  // a rate over a step's or the run's last few ms is no rate: see partialSamples
  const partial = spec.rate ? partialSamples(all.map((p) => p.t)) : null
  const points = partial?.size ? all.filter((_, i) => !partial.has(i)) : all
  const from = Math.max(0, points.length - MAX_CHART_POINTS)
  const n = points.length - from
  const xs = new Array<number>(n)
  const ys = spec.series.map(() => new Array<number | null>(n))
  for (let i = 0; i < n; i++) {
    const p = points[from + i]!
    xs[i] = p.t
    spec.series.forEach((s, j) => {
      const v = s.value ? s.value(p) : p[s.key]
      ys[j]![i] = typeof v === 'number' && Number.isFinite(v) ? v : null
    })
  }
  return [xs, ...ys] as uPlot.AlignedData
}

function showLatest(u: uPlot): void {
  const n = u.data[0]?.length ?? 0
  if (n > 0) u.setLegend({ idx: n - 1 })
}

/**
 * One uPlot chart over a series of samples. The plot is created once; new samples go in
 * with setData, so a live chart redraws about once a second without rebuilding anything.
 */
export function SeriesChart({
  spec,
  points,
  height = 170,
  xMax,
}: {
  spec: ChartSpec
  points: readonly SeriesPoint[]
  height?: number
  /** while live: the expected end, so the plot fills from left to right as time passes */
  xMax?: number | null
}) {
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const latest = useRef(points)
  latest.current = points
  const xEnd = useRef(xMax)
  xEnd.current = xMax

  useEffect(() => {
    const el = box.current
    if (!el) return
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      pxAlign: false,
      legend: { show: true, live: true },
      hooks: { ready: [showLatest] },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      scales: {
        x: {
          time: false,
          range: (_u, min, max) => [Math.min(0, min), Math.max(max, xEnd.current ?? 0, 1)],
        },
        y: { range: zeroUp() },
      },
      axes: [
        { ...AXIS, values: (_u, ticks) => ticks.map((t) => `${t}s`) },
        {
          ...AXIS,
          size: tickWidth(64),
          values: (_u, ticks) => ticks.map((t) => (t === 0 ? '0' : spec.format(t))),
        },
      ],
      series: [
        { label: 't', value: (_u, v) => (v === null ? '–' : atSecond(v)) },
        ...spec.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          ...(s.dash ? { dash: s.dash } : {}),
          fill: spec.series.length === 1 ? `${s.color}22` : undefined,
          value: (_u: uPlot, v: number | null) => (v === null ? '–' : spec.format(v)),
        })),
      ],
    }
    const u = new uPlot(opts, columns(spec, latest.current), el)
    plot.current = u
    showLatest(u)
    // away from the cursor, the legend shows the latest values
    const onLeave = (): void => showLatest(u)
    el.addEventListener('mouseleave', onLeave)
    const stopFollowing = followWidth(u, el, height)
    return () => {
      el.removeEventListener('mouseleave', onLeave)
      stopFollowing()
      u.destroy()
      plot.current = null
    }
    // the spec of a chart does not change while it lives; data goes in via setData below
  }, [spec, height])

  useEffect(() => {
    const u = plot.current
    if (!u) return
    u.setData(columns(spec, points))
    if (u.cursor.left === undefined || u.cursor.left < 0) showLatest(u)
  }, [spec, points, xMax])

  const data = points.length ? columns(spec, points) : null
  const shown = data?.[0]?.length ?? 0
  return (
    <figure className="chart" data-chart={spec.id} data-points={shown}>
      <figcaption>{spec.title}</figcaption>
      <div
        ref={box}
        className="chart-plot"
        role="img"
        aria-label={chartLabel(
          spec.title,
          spec.series.map((s) => s.label),
        )}
      />
      {data ? (
        <ChartTable
          title={spec.title}
          x={data[0] as number[]}
          xLabel="second"
          xFormat={atSecond}
          columns={spec.series.map((s, j) => ({
            label: s.label,
            values: data[j + 1] as (number | null)[],
            format: spec.format,
          }))}
        />
      ) : null}
    </figure>
  )
}

/** A suite's charts side by side, over the same samples. */
export function SeriesCharts({
  specs,
  points,
  xMax,
}: {
  specs: readonly ChartSpec[]
  points: readonly SeriesPoint[]
  xMax?: number | null
}) {
  return (
    <div className="charts">
      {specs.map((c) => (
        <SeriesChart key={c.id} spec={c} points={points} xMax={xMax} />
      ))}
    </div>
  )
}
