import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import type { PostgresStep } from '@shared/index'
import { ms, num } from '../../lib/format'

const AXIS = {
  stroke: '#8b96a8',
  grid: { stroke: 'rgba(139,150,168,0.12)', width: 1 },
  ticks: { stroke: 'rgba(139,150,168,0.25)', width: 1, size: 4 },
  font: '11px system-ui, sans-serif',
}

/** TPS (left axis) and p95 latency (right axis) against pool size, the recommended size marked. */
export function PoolCurve({
  steps,
  recommended,
  height = 220,
}: {
  steps: readonly PostgresStep[]
  recommended: number | null
  height?: number
}) {
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = box.current
    if (!el || steps.length === 0) return
    const sorted = [...steps].sort((a, b) => a.poolSize - b.poolSize)
    const data: uPlot.AlignedData = [
      sorted.map((s) => s.poolSize),
      sorted.map((s) => s.tps),
      sorted.map((s) => s.latencyMs.p95),
      sorted.map((s) => s.waitMs.mean),
    ]
    const marker: uPlot.Plugin = {
      hooks: {
        draw: (u) => {
          if (recommended === null) return
          const x = u.valToPos(recommended, 'x', true)
          const ctx = u.ctx
          ctx.save()
          ctx.strokeStyle = '#3ecf8e'
          ctx.setLineDash([4, 4])
          ctx.lineWidth = 1.5
          ctx.beginPath()
          ctx.moveTo(x, u.bbox.top)
          ctx.lineTo(x, u.bbox.top + u.bbox.height)
          ctx.stroke()
          ctx.fillStyle = '#3ecf8e'
          ctx.font = '11px system-ui, sans-serif'
          ctx.fillText(`recommended: ${recommended}`, x + 4, u.bbox.top + 12)
          ctx.restore()
        },
      },
    }
    const u = new uPlot(
      {
        width: Math.max(240, el.clientWidth),
        height,
        plugins: [marker],
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: {
            time: false,
            distr: sorted.length > 2 && sorted.at(-1)!.poolSize / sorted[0]!.poolSize > 8 ? 3 : 1,
          },
          tps: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
          ms: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        },
        axes: [
          {
            ...AXIS,
            // ticks at the sizes measured, nowhere else
            splits: () => sorted.map((s) => s.poolSize),
            values: (_u, ticks) => ticks.map((t) => num(t)),
            label: 'pool size',
            labelSize: 16,
          },
          { ...AXIS, scale: 'tps', size: 60, values: (_u, ticks) => ticks.map((t) => num(t)) },
          {
            ...AXIS,
            scale: 'ms',
            side: 1,
            size: 60,
            grid: { show: false },
            values: (_u, ticks) => ticks.map((t) => ms(t)),
          },
        ],
        series: [
          { label: 'pool', value: (_u, v) => (v === null ? '–' : num(v)) },
          {
            label: 'TPS',
            scale: 'tps',
            stroke: '#4fa3ff',
            width: 2,
            points: { size: 7 },
            value: (_u, v) => (v === null ? '–' : num(v)),
          },
          {
            label: 'p95',
            scale: 'ms',
            stroke: '#f5b945',
            width: 2,
            points: { size: 7 },
            value: (_u, v) => (v === null ? '–' : ms(v)),
          },
          {
            label: 'mean wait',
            scale: 'ms',
            stroke: '#b58cff',
            width: 1.5,
            dash: [5, 4],
            points: { size: 5 },
            value: (_u, v) => (v === null ? '–' : ms(v)),
          },
        ],
      },
      data,
      el,
    )
    const resize = new ResizeObserver(() => {
      const w = Math.max(240, el.clientWidth)
      if (w !== u.width) u.setSize({ width: w, height })
    })
    resize.observe(el)
    return () => {
      resize.disconnect()
      u.destroy()
    }
  }, [steps, recommended, height])
  return (
    <figure className="chart" data-chart="pool-curve" data-points={steps.length}>
      <figcaption>TPS and p95 by pool size</figcaption>
      <div ref={box} className="chart-plot" />
    </figure>
  )
}
