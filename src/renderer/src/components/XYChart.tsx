import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import { ChartTable, chartLabel } from './ChartTable'
import { AXIS, followWidth, tickWidth, zeroUp } from './plot-style'

export interface PlotSeries {
  label: string
  color: string
  values: readonly (number | null)[]
  /** the right-hand axis (needs `y2`) */
  right?: boolean
  dash?: number[]
  /** dots at each value: for few points (a sweep's steps) */
  points?: boolean
}

export interface PlotAxis {
  format: (value: number) => string
  label?: string
  /** a fixed top (a hit rate's 1); else a little above the largest value */
  max?: number
}

/** A vertical line at an x, with its label at the top (a sweep's knee). */
export interface PlotMarker {
  x: number
  label: string
  color: string
}

/**
 * Several series over one numeric x, optionally on two y axes, with markers. Built like
 * SeriesChart: the plot is created once per shape (series, axes, height) and new values go in
 * with setData; formats and markers are read through refs, so changing them redraws nothing more.
 */
export function XYChart({
  id,
  title,
  x,
  series,
  xAxis,
  y,
  y2,
  markers = [],
  height = 190,
  ticksAtData = false,
  logX = false,
}: {
  id: string
  title: string
  x: readonly number[]
  series: PlotSeries[]
  xAxis: PlotAxis
  y: PlotAxis
  y2?: PlotAxis
  markers?: PlotMarker[]
  height?: number
  /** x ticks only where there is data (a sweep's levels), not at round numbers */
  ticksAtData?: boolean
  /** a logarithmic x axis, for xs that grow by factors (payload sizes, pool sizes) */
  logX?: boolean
}) {
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const fmt = useRef({ x: xAxis.format, y: y.format, y2: y2?.format ?? y.format })
  fmt.current = { x: xAxis.format, y: y.format, y2: y2?.format ?? y.format }
  const marks = useRef(markers)
  marks.current = markers
  const data = (): uPlot.AlignedData =>
    [[...x], ...series.map((s) => [...s.values])] as unknown as uPlot.AlignedData
  const latest = useRef(data)
  latest.current = data

  // the plot's shape: what, when it changes, needs a new plot rather than new data
  const shape = JSON.stringify([
    series.map((s) => [s.label, s.color, s.right ?? false, s.dash ?? null, s.points ?? false]),
    xAxis.label ?? '',
    [y.label ?? '', y.max ?? null],
    y2 ? [y2.label ?? '', y2.max ?? null] : null,
    height,
    ticksAtData,
    logX,
  ])

  useEffect(() => {
    const el = box.current
    if (!el) return
    const axis = (side: 'y' | 'y2', a: PlotAxis): uPlot.Axis => ({
      ...AXIS,
      scale: side,
      size: tickWidth(60),
      ...(side === 'y2' ? { side: 1, grid: { show: false } } : {}),
      ...(a.label ? { label: a.label, labelSize: 16 } : {}),
      values: (_u, ticks) => ticks.map((t) => (t === 0 ? '0' : fmt.current[side](t))),
    })
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      pxAlign: false,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      scales: {
        // a log axis spans the data, not the decades around it
        x: logX
          ? { time: false, distr: 3, log: 10, range: (_u, min, max) => [min, max] }
          : { time: false },
        y: { range: zeroUp(y.max) },
        ...(y2 ? { y2: { range: zeroUp(y2.max) } } : {}),
      },
      axes: [
        {
          ...AXIS,
          ...(xAxis.label ? { label: xAxis.label, labelSize: 16 } : {}),
          ...(ticksAtData ? { splits: (u: uPlot) => [...(u.data[0] ?? [])] } : {}),
          values: (_u, ticks) => ticks.map((t) => fmt.current.x(t)),
        },
        axis('y', y),
        ...(y2 ? [axis('y2', y2)] : []),
      ],
      series: [
        { label: 'x', value: (_u, v) => (v === null ? '–' : fmt.current.x(v)) },
        ...series.map((s): uPlot.Series => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          scale: s.right && y2 ? 'y2' : 'y',
          spanGaps: true,
          ...(s.dash ? { dash: s.dash } : {}),
          points: { show: s.points ?? false, size: 6, fill: s.color },
          value: (_u, v) =>
            v === null ? '–' : fmt.current[s.right && y2 ? 'y2' : 'y'](v as number),
        })),
      ],
      hooks: {
        // away from the cursor the legend names the series only: values at one x mean little
        // when the series were sampled at different xs
        setCursor: [(u) => u.root.classList.toggle('idle', u.cursor.idx == null)],
        draw: [
          (u) => {
            const ctx = u.ctx
            // labels one under the other, so markers close together stay readable
            for (const [i, m] of marks.current.entries()) {
              const px = u.valToPos(m.x, 'x', true)
              if (!Number.isFinite(px)) continue
              ctx.save()
              ctx.strokeStyle = m.color
              ctx.fillStyle = m.color
              ctx.lineWidth = 1.5 * devicePixelRatio
              ctx.setLineDash([5 * devicePixelRatio, 4 * devicePixelRatio])
              ctx.beginPath()
              ctx.moveTo(px, u.bbox.top)
              ctx.lineTo(px, u.bbox.top + u.bbox.height)
              ctx.stroke()
              ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`
              const w = ctx.measureText(m.label).width
              const room = u.bbox.left + u.bbox.width - px
              ctx.textAlign = room < w + 8 * devicePixelRatio ? 'right' : 'left'
              const dx = ctx.textAlign === 'right' ? -4 : 4
              const py = u.bbox.top + (12 + i * 14) * devicePixelRatio
              ctx.fillText(m.label, px + dx * devicePixelRatio, py)
              ctx.restore()
            }
          },
        ],
      },
    }
    const u = new uPlot(opts, latest.current(), el)
    u.root.classList.add('idle')
    plot.current = u
    const stopFollowing = followWidth(u, el, height)
    return () => {
      stopFollowing()
      u.destroy()
      plot.current = null
    }
    // rebuilt only when the shape changes; data goes in through setData below
  }, [shape])

  const markerKey = JSON.stringify(markers)
  useEffect(() => {
    plot.current?.setData(latest.current())
  }, [x, series, markerKey])

  return (
    <figure className="chart" data-chart={id} data-points={x.length}>
      <figcaption>{title}</figcaption>
      <div
        ref={box}
        className="chart-plot"
        role="img"
        aria-label={chartLabel(
          title,
          series.map((s) => s.label),
        )}
      />
      {x.length ? (
        <ChartTable
          title={title}
          x={x}
          xLabel={xAxis.label ?? 'x'}
          xFormat={xAxis.format}
          columns={series.map((s) => ({
            label: s.label,
            values: s.values,
            format: s.right && y2 ? y2.format : y.format,
          }))}
        />
      ) : null}
    </figure>
  )
}

/**
 * Puts series sampled at different x (two runs' seconds) on one x axis: the union of the xs,
 * with null where a series has no value there (drawn across by spanGaps).
 */
export function alignXY(lines: readonly (readonly { x: number; y: number | null }[])[]): {
  x: number[]
  values: (number | null)[][]
} {
  const xs = [...new Set(lines.flatMap((l) => l.map((p) => p.x)))].sort((p, q) => p - q)
  const at = new Map(xs.map((v, i) => [v, i]))
  const values = lines.map((l) => {
    const out = new Array<number | null>(xs.length).fill(null)
    for (const p of l) out[at.get(p.x)!] = p.y
    return out
  })
  return { x: xs, values }
}
