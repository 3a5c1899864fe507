import { fmtBytes, fmtMs, fmtNumber, fmtPercent, fmtRate } from '@shared/format'

/**
 * Numbers for people: units always, sensible precision, thousands separated. The number, rate,
 * percent, byte and millisecond formats are the one set in src/shared/format.ts, shared with
 * the reports and the CLI.
 */

export const num = fmtNumber

/** Milliseconds with a precision that suits the magnitude: 0.123 ms, 12.3 ms, 1,234 ms. */
export const ms = fmtMs

export const rate = fmtRate

/** A fraction shown as a percentage. */
export const pct = fmtPercent

export const bytes = fmtBytes

export function duration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return '—'
  if (sec < 60) return `${num(sec, sec < 10 ? 1 : 0)} s`
  const m = Math.floor(sec / 60)
  const s = Math.round(sec % 60)
  if (m < 60) return s ? `${m} min ${s} s` : `${m} min`
  return `${Math.floor(m / 60)} h ${m % 60} min`
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

export function secondsBetween(start: string, end: string | null): number | null {
  if (!end) return null
  const s = Date.parse(start)
  const e = Date.parse(end)
  return Number.isFinite(s) && Number.isFinite(e) ? (e - s) / 1000 : null
}

/** Formats a value by its unit, as threshold checks and evidence carry them. */
export function withUnit(value: number | null, unit: string): string {
  if (value === null) return '—'
  switch (unit) {
    case 'ms':
      return ms(value)
    case 'req/s':
    case 'tx/s':
    case 'ops/s':
      return rate(value, unit)
    case 'ratio':
    case 'fraction':
      return pct(value)
    case '%':
      return `${num(value, 2)} %`
    case 'B':
    case 'bytes':
      return bytes(value)
    case 's':
      return duration(value)
    default:
      return `${num(value, Number.isInteger(value) ? 0 : 2)}${unit ? ` ${unit}` : ''}`
  }
}
