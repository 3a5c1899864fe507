import type { RunResult, SuiteResult, Target } from '@shared/index'

/** Number formatting shared by every report so that the PDF, HTML, Markdown and CLI agree. */

export function fmtNumber(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
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

export function fmtRps(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  return `${fmtNumber(v, v >= 100 ? 0 : 1)} req/s`
}

/** A value in the unit a threshold check declares. */
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
      return fmtRps(v)
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

export function fmtDate(iso: string | null): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')
}

export function fmtDuration(startIso: string, endIso: string | null): string {
  if (!endIso) return '—'
  const sec = (Date.parse(endIso) - Date.parse(startIso)) / 1000
  if (!Number.isFinite(sec) || sec < 0) return '—'
  if (sec < 60) return `${fmtNumber(sec, 1)} s`
  const m = Math.floor(sec / 60)
  const s = Math.round(sec - m * 60)
  return `${m} min ${s} s`
}

export function fmtBytes(v: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let x = v
  let i = 0
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024
    i++
  }
  return `${fmtNumber(x, i === 0 ? 0 : 1)} ${units[i]}`
}

/** "api (http://127.0.0.1:8080)" — what a reader needs to recognise a target, never its secrets. */
export function describeTarget(t: Target): string {
  const label = t.name ? `${t.name} [${t.id}]` : t.id
  switch (t.kind) {
    case 'http':
      return `${label}: ${t.baseUrl}`
    case 'postgres':
      return `${label}: postgres ${t.host ?? 'connection string'}${t.port ? `:${t.port}` : ''}${t.database ? `/${t.database}` : ''}`
    case 'redis':
      return `${label}: ${t.url.replace(/\/\/[^@/]*@/, '//')}`
    case 'process':
      return `${label}: process ${t.pid !== undefined ? `pid ${t.pid}` : (t.command ?? '')}`
  }
}

export function targetOf(run: RunResult, suite: SuiteResult): Target | undefined {
  return run.plan.targets.find((t) => t.id === suite.target)
}

export function suiteTitle(suite: SuiteResult): string {
  return `${suite.index + 1}. ${suite.name}`
}

export const kindLabel: Record<SuiteResult['kind'], string> = {
  'http-load': 'HTTP load',
  postgres: 'PostgreSQL',
  redis: 'Redis',
  'postgres-health': 'PostgreSQL health',
  'redis-health': 'Redis health',
}
