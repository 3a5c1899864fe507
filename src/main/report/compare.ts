import { compareRuns } from '../suites/parts'
import type { RunComparison, Verdict } from '../analysis/compare'
import type { TestResult } from '../analysis/stats'
import { suiteLabel } from '../suites/parts'
import { fmtNumber, fmtSigned, fmtWithUnit } from './format'

/** The comparison maths is in analysis/compare.ts; this renders it for the CLI. */
export { compareRuns }
export type {
  Better,
  CompareOptions,
  MetricComparison,
  RunComparison,
  SuiteComparison,
  Verdict,
} from '../analysis/compare'

// ---- text table for the CLI ------------------------------------------------------------------

const verdictText: Record<Verdict, string> = {
  regression: 'REGRESSION',
  'within-tolerance': 'worse, within tolerance',
  improvement: 'improvement',
  'within-noise': 'within noise',
  untested: '—',
}

const testName: Record<TestResult['test'], string> = {
  'welch-t': 'Welch t',
  'welch-t-log': 'Welch t (log)',
  'mann-whitney-u': 'Mann–Whitney U',
}

function fmtP(p: number | null): string {
  if (p === null) return '—'
  return p < 0.0001 ? '<0.0001' : p.toFixed(4)
}

export function renderComparisonText(c: RunComparison): string {
  const out: string[] = []
  out.push(`A: ${c.a.id} (${c.a.planName}, ${c.a.startedAt})`)
  out.push(`B: ${c.b.id} (${c.b.planName}, ${c.b.startedAt})`)
  out.push(
    `tolerance ${fmtNumber(c.maxRegressionPct, 1)} %, significance level ${c.alpha} (Holm-corrected per suite)`,
  )
  for (const s of c.suites) {
    out.push('')
    out.push(`Suite ${s.index + 1}: ${s.nameB} (${suiteLabel(s.kind)}, target ${s.target})`)
    const rows: string[][] = [['metric', 'A', 'B', 'delta', 'delta %', 'test', 'p', 'verdict']]
    for (const m of s.metrics) {
      const unit = m.unit === 'fraction' ? '' : m.unit
      const dv =
        m.unit === 'fraction' && m.delta !== null
          ? fmtSigned(m.delta * 100, 2, 'pp')
          : fmtSigned(m.delta, 2, unit)
      rows.push([
        m.label,
        fmtWithUnit(m.a, m.unit),
        fmtWithUnit(m.b, m.unit),
        dv,
        m.deltaPct === null ? '—' : fmtSigned(m.deltaPct, 1, '%'),
        m.test ? `${testName[m.test.test]} (n=${m.samples.a}/${m.samples.b})` : '—',
        fmtP(m.pAdjusted),
        verdictText[m.verdict],
      ])
    }
    out.push(...table(rows))
  }
  for (const x of c.onlyInA) out.push(`only in A: suite ${x}`)
  for (const x of c.onlyInB) out.push(`only in B: suite ${x}`)
  if (c.suites.length === 0)
    out.push('', 'No suites in common (suites match by index, kind and target).')
  out.push('')
  const regs = c.suites.flatMap((s) => s.regressions.map((k) => `suite ${s.index + 1} ${k}`))
  out.push(
    regs.length
      ? `REGRESSION beyond ${c.maxRegressionPct} %: ${regs.join(', ')}`
      : `No significant regression beyond ${c.maxRegressionPct} %.`,
  )
  return out.join('\n') + '\n'
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)))
  return rows.map((r) =>
    r
      .map((cell, i) => {
        const pad = widths[i]! - [...cell].length
        return i === 0 || i === r.length - 1 ? cell + ' '.repeat(pad) : ' '.repeat(pad) + cell
      })
      .join('  ')
      .trimEnd(),
  )
}
