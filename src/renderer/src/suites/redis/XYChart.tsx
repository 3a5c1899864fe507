import { useEffect, useRef } from 'react'
import uPlot from 'uplot'

export interface XYSeries {
  label: string
  color: string
  values: (number | null)[]
  dash?: number[]
}

const AXIS = {
  stroke: '#8b96a8',
  grid: { stroke: 'rgba(139,150,168,0.12)', width: 1 },
  ticks: { stroke: 'rgba(139,150,168,0.25)', width: 1, size: 4 },
  font: '11px system-ui, sans-serif',
}

/**
 * A uPlot chart over a numeric x (payload size, request count) rather than time; the data of a
 * finished result does not change, so the plot is rebuilt only when its inputs do.
 */
export function XYChart({
  id,
  title,
  x,
  series,
  xFormat,
  yFormat,
  logX = false,
  yMax,
  height = 190,
}: {
  id: string
  title: string
  x: number[]
  series: XYSeries[]
  xFormat: (v: number) => string
  yFormat: (v: number) => string
  logX?: boolean
  yMax?: number
  height?: number
}) {
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = box.current
    if (!el || x.length === 0) return
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      pxAlign: false,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      scales: {
        x: logX ? { time: false, distr: 3, log: 10 } : { time: false },
        y: { range: (_u, _min, max) => [0, yMax ?? (max > 0 ? max * 1.1 : 1)] },
      },
      axes: [
        // on a log axis, ticks only where there is data (the payload sizes measured)
        logX
          ? { ...AXIS, splits: () => x, values: (_u, ticks) => ticks.map((t) => xFormat(t)) }
          : { ...AXIS, values: (_u, ticks) => ticks.map((t) => xFormat(t)) },
        {
          ...AXIS,
          size: 64,
          values: (_u, ticks) => ticks.map((t) => (t === 0 ? '0' : yFormat(t))),
        },
      ],
      series: [
        { label: 'x', value: (_u, v) => (v === null ? '–' : xFormat(v)) },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          ...(s.dash ? { dash: s.dash } : {}),
          points: { show: true, size: 5 },
          value: (_u: uPlot, v: number | null) => (v === null ? '–' : yFormat(v)),
        })),
      ],
    }
    const u = new uPlot(opts, [x, ...series.map((s) => s.values)] as uPlot.AlignedData, el)
    const resize = new ResizeObserver(() => {
      const w = Math.max(200, el.clientWidth)
      if (w !== u.width) u.setSize({ width: w, height })
    })
    resize.observe(el)
    return () => {
      resize.disconnect()
      u.destroy()
    }
  }, [x, series, xFormat, yFormat, logX, yMax, height])
  return (
    <figure className="chart" data-chart={id} data-points={x.length}>
      <figcaption>{title}</figcaption>
      <div ref={box} className="chart-plot" />
    </figure>
  )
}
