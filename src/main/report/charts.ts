import type { ChartSeriesSpec, ChartSpec } from '../analysis/chart-spec'

export { palette, type ChartSeriesSpec, type ChartSpec } from '../analysis/chart-spec'
/** The charts a suite's report shows, from its per-second `series` (the suite's report parts). */
export { suiteCharts as chartsForSuite } from '../suites/parts'

/**
 * Chart geometry as pure functions: ticks, scales and SVG path strings. The PDF (pdfkit draws
 * SVG paths) and the HTML report (inline SVG) both draw from the same ChartModel, so the two
 * show the same axes, ticks and lines.
 */

export interface Tick {
  value: number
  /** pixel position along its axis, in chart coordinates */
  pos: number
  label: string
}

export interface ChartLine {
  key: string
  label: string
  color: string
  /** SVG path data ("M x y L x y …"), broken where values are missing */
  path: string
  /** stroke width: a bar chart draws each bar as one thick stroke */
  width?: number
}

export interface ChartModel {
  id: string
  title: string
  width: number
  height: number
  plot: { x: number; y: number; w: number; h: number }
  xTicks: Tick[]
  yTicks: Tick[]
  xLabel: string
  yLabel: string
  /** x values divided by this give the axis unit (1 for s, 60 for min) */
  xDivisor: number
  xDomain: [number, number]
  yDomain: [number, number]
  lines: ChartLine[]
  /** the original data, for tooltips */
  xs: readonly number[]
  /** how each x reads in a tooltip, when x is not time */
  xLabels?: string[]
  series: readonly ChartSeriesSpec[]
  unit: string
  empty: boolean
  /** room for one x tick label (a bar chart's category names are wider than numbers) */
  xTickWidth?: number
}

/** "Nice" step (1, 2, 2.5 or 5 × 10^k) covering `span` in about `count` steps. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1
  const raw = span / Math.max(1, count)
  const mag = 10 ** Math.floor(Math.log10(raw))
  const norm = raw / mag
  const mult = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10
  return mult * mag
}

/** Ticks from a nice value at or below `min` to one at or above `max`. */
export function niceTicks(min: number, max: number, count = 5): { ticks: number[]; step: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [0, 1], step: 1 }
  if (max <= min) max = min === 0 ? 1 : min + Math.abs(min) * 0.1
  const step = niceStep(max - min, count)
  const lo = Math.floor(min / step + 1e-9) * step
  const hi = Math.ceil(max / step - 1e-9) * step
  const ticks: number[] = []
  for (let v = lo, i = 0; v <= hi + step * 1e-6 && i < 100; v = lo + ++i * step)
    ticks.push(roundTo(v, step))
  return { ticks, step }
}

function roundTo(v: number, step: number): number {
  const d = decimalsFor(step)
  return Number(v.toFixed(d))
}

/** How many decimals a tick step needs: 0.25 → 2, 5 → 0. */
export function decimalsFor(step: number): number {
  if (step >= 1 && Number.isInteger(step)) return 0
  const s = step.toPrecision(6).replace(/0+$/, '')
  const dot = s.indexOf('.')
  return dot < 0 ? 0 : Math.min(6, s.length - dot - 1)
}

export function formatTick(v: number, step: number): string {
  const d = decimalsFor(step)
  if (Math.abs(v) >= 10_000 && d === 0) {
    if (Math.abs(v) >= 1_000_000 && v % 100_000 === 0) return `${v / 1_000_000}M`
    if (v % 1000 === 0) return `${v / 1000}k`
  }
  return v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
}

const f2 = (v: number): string => (Math.round(v * 100) / 100).toString()

/** A chart's frame: its size and the plot inside, with room for the y ticks, title and x labels. */
function frameOf(
  spec: ChartSpec,
  width: number,
  height: number,
): Pick<ChartModel, 'id' | 'title' | 'width' | 'height' | 'plot'> {
  const margin = { left: 56, right: 12, top: 26, bottom: 34 }
  const plot = {
    x: margin.left,
    y: margin.top,
    w: width - margin.left - margin.right,
    h: height - margin.top - margin.bottom,
  }
  return { id: spec.id, title: spec.title, width, height, plot }
}

export function buildChart(spec: ChartSpec, width = 500, height = 180): ChartModel {
  if (spec.bars) return buildBars(spec, width, height)
  const { plot } = frameOf(spec, width, height)

  const xs = spec.xs
  const xMaxRaw = xs.length > 0 ? Math.max(...xs) : 1
  const xMinRaw = xs.length > 0 ? Math.min(0, ...xs) : 0
  const xDivisor = !spec.x && xMaxRaw > 180 ? 60 : 1
  const xUnit = xDivisor === 60 ? 'min' : 's'
  const xt = spec.x
    ? niceTicks(
        xs.length ? Math.min(...xs) : 0,
        Math.max(xMaxRaw, (xs.length ? Math.min(...xs) : 0) + 1),
        6,
      )
    : niceTicks(xMinRaw / xDivisor, Math.max(xMaxRaw / xDivisor, xMinRaw / xDivisor + 1), 6)

  let yMax = 0
  let yMin = 0
  let any = false
  for (const s of spec.series) {
    for (const v of s.values) {
      if (v === null || !Number.isFinite(v)) continue
      any = true
      if (v > yMax) yMax = v
      if (v < yMin) yMin = v
    }
  }
  if (yMax <= yMin) yMax = yMin + 1
  if (spec.integer) yMax = Math.max(yMax, yMin + 4)
  const yt = niceTicks(yMin, yMax, 5)

  const xDomain: [number, number] = [xt.ticks[0]!, xt.ticks[xt.ticks.length - 1]!]
  const yDomain: [number, number] = [yt.ticks[0]!, yt.ticks[yt.ticks.length - 1]!]
  const sx = (x: number): number =>
    plot.x + ((x / xDivisor - xDomain[0]) / (xDomain[1] - xDomain[0])) * plot.w
  const sy = (y: number): number =>
    plot.y + plot.h - ((y - yDomain[0]) / (yDomain[1] - yDomain[0])) * plot.h

  const lines: ChartLine[] = spec.series.map((s) => {
    let d = ''
    let pen = false
    s.values.forEach((v, i) => {
      const x = xs[i]
      if (v === null || v === undefined || !Number.isFinite(v) || x === undefined) {
        pen = false
        return
      }
      d += `${pen ? 'L' : 'M'}${f2(sx(x))} ${f2(sy(v))} `
      pen = true
    })
    return { key: s.key, label: s.label, color: s.color, path: d.trim() }
  })

  return {
    ...frameOf(spec, width, height),
    xTicks: xt.ticks.map((v) => ({
      value: v,
      pos: sx(v * xDivisor),
      label: spec.x ? spec.x.format(v) : formatTick(v, xt.step),
    })),
    yTicks: yt.ticks.map((v) => ({ value: v, pos: sy(v), label: formatTick(v, yt.step) })),
    xLabel: spec.x ? spec.x.label : `time (${xUnit})`,
    yLabel: spec.unit,
    xDivisor,
    xDomain,
    yDomain,
    lines,
    xs,
    ...(spec.x ? { xLabels: xs.map((x) => spec.x!.format(x)) } : {}),
    series: spec.series,
    unit: spec.unit,
    empty: !any,
  }
}

/**
 * Grouped bars: one group per category (x = 0, 1, …), one bar per series, from zero. Each bar is
 * one vertical stroke as wide as the bar, so the PDF and the HTML draw it as they draw lines.
 */
function buildBars(spec: ChartSpec, width: number, height: number): ChartModel {
  const { plot } = frameOf(spec, width, height)
  const n = Math.max(1, spec.xs.length)
  const slot = plot.w / n
  const k = Math.max(1, spec.series.length)
  const barW = Math.min(28, (slot * 0.7) / k)
  const values = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null))
  const yt = niceTicks(0, Math.max(1, ...values.filter(Number.isFinite)), 5)
  const yDomain: [number, number] = [yt.ticks[0]!, yt.ticks[yt.ticks.length - 1]!]
  const sy = (y: number): number =>
    plot.y + plot.h - ((y - yDomain[0]) / (yDomain[1] - yDomain[0])) * plot.h
  const cx = (i: number): number => plot.x + slot * (i + 0.5)
  const lines: ChartLine[] = spec.series.map((s, si) => {
    const dx = (si - (k - 1) / 2) * barW
    const path = s.values
      .map((v, i) =>
        v === null || !Number.isFinite(v)
          ? ''
          : `M${f2(cx(i) + dx)} ${f2(sy(0))} L${f2(cx(i) + dx)} ${f2(sy(v))}`,
      )
      .filter(Boolean)
      .join(' ')
    return { key: s.key, label: s.label, color: s.color, path, width: barW - 1 }
  })
  const name = (i: number): string => (spec.x ? spec.x.format(i) : String(i))
  return {
    ...frameOf(spec, width, height),
    xTicks: spec.xs.map((x, i) => ({ value: x, pos: cx(i), label: name(i) })),
    yTicks: yt.ticks.map((v) => ({ value: v, pos: sy(v), label: formatTick(v, yt.step) })),
    xLabel: spec.x?.label ?? '',
    yLabel: spec.unit,
    xDivisor: 1,
    xDomain: [-0.5, n - 0.5],
    yDomain,
    lines,
    xs: spec.xs,
    xLabels: spec.xs.map((_, i) => name(i)),
    series: spec.series,
    unit: spec.unit,
    empty: values.length === 0,
    xTickWidth: slot - 4,
  }
}
