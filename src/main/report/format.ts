import type { RunResult, SuiteResult, Target } from '@shared/index'
import { fmtNumber } from '@shared/format'
import { suiteDefinitions } from '../suites/registry'

/** Report-only formatting; the number formatters are the one set in src/shared/format.ts. */
export {
  fmtBytes,
  fmtMs,
  fmtNumber,
  fmtPercent,
  fmtRate,
  fmtRps,
  fmtSigned,
  fmtWithUnit,
} from '@shared/format'

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

export { describeTarget } from '../targets/describe'

export function targetOf(run: RunResult, suite: SuiteResult): Target | undefined {
  return run.plan.targets.find((t) => t.id === suite.target)
}

export function suiteTitle(suite: SuiteResult): string {
  return `${suite.index + 1}. ${suite.name}`
}

/** "HTTP load", "PostgreSQL", … by kind, from the suites' definitions. */
export const kindLabel: Record<SuiteResult['kind'], string> = Object.fromEntries(
  Object.values(suiteDefinitions).map((d) => [d.kind, d.label]),
) as Record<SuiteResult['kind'], string>
