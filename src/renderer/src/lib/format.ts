/** Numbers for people: units always, sensible precision, thousands separated. */

const nf = (digits: number): Intl.NumberFormat =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const formatters = [nf(0), nf(1), nf(2), nf(3)]

export function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  return (formatters[digits] ?? nf(digits)).format(value)
}

/** Milliseconds with precision that shrinks as the number grows. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  if (value >= 10_000) return `${num(value / 1000, 1)} s`
  if (value >= 1000) return `${num(value / 1000, 2)} s`
  if (value >= 100) return `${num(value, 0)} ms`
  if (value >= 10) return `${num(value, 1)} ms`
  return `${num(value, 2)} ms`
}

export function rate(value: number | null | undefined, unit = 'req/s'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  return `${num(value, value < 100 ? 1 : 0)} ${unit}`
}

/** A fraction shown as a percentage. */
export function pct(fraction: number | null | undefined, digits = 2): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '–'
  return `${num(fraction * 100, digits)} %`
}

export function bytes(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  const units = ['B', 'KiB', 'MiB', 'GiB']
  let v = value
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${num(v, i === 0 ? 0 : 1)} ${units[i]}`
}

export function duration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return '–'
  if (sec < 60) return `${num(sec, sec < 10 ? 1 : 0)} s`
  const m = Math.floor(sec / 60)
  const s = Math.round(sec % 60)
  if (m < 60) return s ? `${m} min ${s} s` : `${m} min`
  return `${Math.floor(m / 60)} h ${m % 60} min`
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '–'
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
  if (value === null) return '–'
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
