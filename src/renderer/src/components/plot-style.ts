import type uPlot from 'uplot'

/** The axes of every chart: muted strokes, a faint grid, small type. */
export const AXIS = {
  stroke: '#8b96a8',
  grid: { stroke: 'rgba(139,150,168,0.12)', width: 1 },
  ticks: { stroke: 'rgba(139,150,168,0.25)', width: 1, size: 4 },
  font: '11px system-ui, sans-serif',
  labelFont: '11px system-ui, sans-serif',
}

/**
 * A y axis as wide as its longest tick label needs ("1,000 req/s"), and at least `min` px, so
 * the charts side by side line up unless a label would be cut.
 */
export const tickWidth =
  (min: number): uPlot.Axis.Size =>
  (u, values, axisIdx) => {
    const longest = (values ?? []).reduce((a, v) => (v.length > a.length ? v : a), '')
    if (!longest) return min
    u.ctx.save()
    u.ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`
    const text = u.ctx.measureText(longest).width / devicePixelRatio
    u.ctx.restore()
    const ticks = u.axes[axisIdx]?.ticks
    const tickSize = ticks && typeof ticks === 'object' ? (ticks.size ?? 4) : 4
    return Math.max(min, Math.ceil(text + tickSize + 10))
  }

/** A y range from 0 to a little above the largest value (or to `max` when it is fixed). */
export const zeroUp =
  (max?: number): uPlot.Scale['range'] =>
  (_u, _min, top) => [0, max ?? (top > 0 ? top * 1.1 : 1)]

/** Keeps the plot as wide as its box; answers the function that stops it. */
export function followWidth(u: uPlot, el: HTMLElement, height: number): () => void {
  const resize = new ResizeObserver(() => {
    const w = Math.max(200, el.clientWidth)
    if (w !== u.width) u.setSize({ width: w, height })
  })
  resize.observe(el)
  return () => resize.disconnect()
}
