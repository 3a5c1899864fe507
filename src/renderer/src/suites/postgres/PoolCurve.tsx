import { useMemo } from 'react'
import type { PostgresStep } from '@shared/index'
import { PALETTE } from '../../components/palette'
import { XYChart, type PlotSeries } from '../../components/XYChart'
import { ms, num } from '../../lib/format'

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
  const sorted = useMemo(() => [...steps].sort((a, b) => a.poolSize - b.poolSize), [steps])
  const x = useMemo(() => sorted.map((s) => s.poolSize), [sorted])
  const series = useMemo(
    (): PlotSeries[] => [
      { label: 'TPS', color: PALETTE.blue, values: sorted.map((s) => s.tps), points: true },
      {
        label: 'p95',
        color: PALETTE.amber,
        values: sorted.map((s) => s.latencyMs.p95),
        right: true,
        points: true,
      },
      {
        label: 'mean wait',
        color: PALETTE.purple,
        values: sorted.map((s) => s.waitMs.mean),
        right: true,
        dash: [5, 4],
        points: true,
      },
    ],
    [sorted],
  )
  // sizes that grow by factors (5, 10, 20, 50, 100) spread evenly on a log axis
  const logX = x.length > 2 && x.at(-1)! / x[0]! > 8
  return (
    <XYChart
      id="pool-curve"
      title="TPS and p95 by pool size"
      x={x}
      series={series}
      xAxis={{ format: (v) => num(v), label: 'pool size' }}
      ticksAtData
      logX={logX}
      y={{ format: (v) => num(v) }}
      y2={{ format: (v) => ms(v) }}
      markers={
        recommended === null
          ? []
          : [{ x: recommended, label: `recommended: ${recommended}`, color: PALETTE.green }]
      }
      height={height}
    />
  )
}
