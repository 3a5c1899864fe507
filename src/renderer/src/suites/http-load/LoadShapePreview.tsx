import { duration, num, rate } from '../../lib/format'
import { shapeSummary, type RatePoint } from './load-shape'

const W = 300
const H = 72
const PAD = { left: 4, right: 4, top: 16, bottom: 4 }

/**
 * The intended arrival rate over time, drawn small under the form and redrawn on every edit:
 * what the open model will offer the server, before anything is sent.
 */
export function LoadShapePreview({ shape }: { shape: RatePoint[] }) {
  const { durationSec, peak, requests } = shapeSummary(shape)
  if (shape.length < 2 || durationSec <= 0) {
    return (
      <div className="load-shape empty" data-testid="load-shape">
        <span className="muted">Enter a rate and a duration to see the load shape.</span>
      </div>
    )
  }
  const iw = W - PAD.left - PAD.right
  const ih = H - PAD.top - PAD.bottom
  const x = (t: number): number => PAD.left + (t / durationSec) * iw
  const y = (r: number): number => PAD.top + ih - (peak > 0 ? (r / peak) * ih : 0)
  const line = shape.map((p) => `${x(p.t).toFixed(1)},${y(p.rate).toFixed(1)}`).join(' ')
  const area = `${x(0)},${y(0)} ${line} ${x(durationSec)},${y(0)}`
  return (
    <figure
      className="load-shape"
      data-testid="load-shape"
      data-peak={peak}
      data-duration={durationSec}
      data-requests={requests}
    >
      <figcaption>
        <span>Load shape</span>
        <span className="muted load-shape-sum">
          ≈ {num(requests)} requests over {duration(durationSec)}
        </span>
      </figcaption>
      <div className="load-shape-plot">
        <span className="load-shape-y">{rate(peak)}</span>
        <svg
          viewBox={`0 0 ${W} ${H}`}
          preserveAspectRatio="none"
          role="img"
          aria-label="load shape"
        >
          <line className="axis" x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} />
          <polygon className="area" points={area} />
          <polyline className="line" points={line} vectorEffect="non-scaling-stroke" />
        </svg>
        <span className="load-shape-x">
          <span>0 s</span>
          <span>{duration(durationSec)}</span>
        </span>
      </div>
    </figure>
  )
}
