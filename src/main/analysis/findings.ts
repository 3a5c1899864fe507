import type { Finding } from '@shared/index'

const severityRank: Record<Finding['severity'], number> = { critical: 0, warning: 1, info: 2 }

/**
 * Most severe first; within a severity the larger impact first (a finding without an impact
 * estimate after those with one), then by suite, then in the order the suites reported them.
 */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => {
      const sev = severityRank[a.f.severity] - severityRank[b.f.severity]
      if (sev !== 0) return sev
      const ia = a.f.impact ?? -1
      const ib = b.f.impact ?? -1
      if (ia !== ib) return ib - ia
      const sa = a.f.suiteIndex ?? Number.MAX_SAFE_INTEGER
      const sb = b.f.suiteIndex ?? Number.MAX_SAFE_INTEGER
      if (sa !== sb) return sa - sb
      return a.i - b.i
    })
    .map((x) => x.f)
}

export const severityLabel: Record<Finding['severity'], string> = {
  critical: 'CRITICAL',
  warning: 'WARNING',
  info: 'INFO',
}
