/**
 * Number formatting for people, the one set for every report, the CLI, the history list and the
 * renderer, so that a number reads the same wherever it is shown.
 */

const formatters = new Map<number, Intl.NumberFormat>()

export function fmtNumber(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  let f = formatters.get(digits)
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    })
    formatters.set(digits, f)
  }
  return f.format(v)
}

/** Milliseconds with a precision that suits the magnitude: 0.123 ms, 12.3 ms, 1,234 ms. */
export function fmtMs(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  const a = Math.abs(v)
  const digits = Number.isInteger(v) || a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3
  return `${fmtNumber(v, digits)} ms`
}

export function fmtPercent(fraction: number | null | undefined, digits = 2): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—'
  return `${fmtNumber(fraction * 100, digits)} %`
}

/** A rate with its unit: a decimal only below 100 ("12.5 req/s", "1,234 ops/s"). */
export function fmtRate(v: number | null | undefined, unit = 'req/s'): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  return `${fmtNumber(v, v >= 100 ? 0 : 1)} ${unit}`
}

export function fmtRps(v: number | null | undefined): string {
  return fmtRate(v, 'req/s')
}

export function fmtBytes(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let x = v
  let i = 0
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024
    i++
  }
  return `${fmtNumber(x, i === 0 ? 0 : 1)} ${units[i]}`
}

/** A value in the unit a threshold check or an evidence item declares. */
export function fmtWithUnit(v: number | null, unit: string): string {
  if (v === null) return 'not measured'
  switch (unit) {
    case 'ms':
      return fmtMs(v)
    case 'fraction':
    case 'ratio':
      return fmtPercent(v)
    case '%':
      return `${fmtNumber(v, 2)} %`
    case 'req/s':
    case 'tx/s':
    case 'ops/s':
      return fmtRate(v, unit)
    case '':
      return fmtNumber(v, Number.isInteger(v) ? 0 : 3)
    default:
      return `${fmtNumber(v, Number.isInteger(v) ? 0 : 2)} ${unit}`
  }
}

/** Signed delta with its unit, e.g. "+12.5 ms" or "−3.1 %". */
export function fmtSigned(v: number | null, digits = 2, unit = ''): string {
  if (v === null || !Number.isFinite(v)) return '—'
  const sign = v > 0 ? '+' : v < 0 ? '−' : '±'
  return `${sign}${fmtNumber(Math.abs(v), digits)}${unit ? ` ${unit}` : ''}`
}
