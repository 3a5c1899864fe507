import type { CompareVerdict, MetricComparison, SuiteComparison } from '@shared/index'
import { num, withUnit } from '../lib/format'
import { numCol, TableHead } from './table-head'

export const verdictText: Record<CompareVerdict, string> = {
  regression: 'regression',
  improvement: 'improvement',
  'within-noise': 'within noise',
  'within-tolerance': 'worse, within tolerance',
  untested: 'not tested',
}

const verdictHelp: Record<CompareVerdict, string> = {
  regression: 'worse, beyond noise and beyond the tolerance',
  improvement: 'better, beyond noise',
  'within-noise': 'the difference is not significant: it is within the run-to-run noise',
  'within-tolerance': 'worse beyond noise, but by less than the tolerance',
  untested: 'no per-second samples to test (a single figure per run)',
}

export function VerdictBadge({ verdict }: { verdict: CompareVerdict }) {
  return (
    <span className={`badge verdict verdict-${verdict}`} title={verdictHelp[verdict]}>
      {verdictText[verdict]}
    </span>
  )
}

const testLabel = {
  'welch-t': 'Welch t',
  'welch-t-log': 'Welch t on logs',
  'mann-whitney-u': 'Mann–Whitney U',
} as const

function deltaText(m: MetricComparison): string {
  if (m.delta === null) return '–'
  const sign = m.delta > 0 ? '+' : m.delta < 0 ? '−' : '±'
  // a change of a fraction reads as percentage points
  if (m.unit === 'fraction') return `${sign}${num(Math.abs(m.delta) * 100, 2)} pp`
  return `${sign}${withUnit(Math.abs(m.delta), m.unit)}`
}

function deltaPctText(m: MetricComparison): string {
  if (m.deltaPct === null) return '–'
  const sign = m.deltaPct > 0 ? '+' : m.deltaPct < 0 ? '−' : '±'
  return `${sign}${num(Math.abs(m.deltaPct), 1)} %`
}

function pText(m: MetricComparison): string {
  if (m.pAdjusted === null) return '–'
  return m.pAdjusted < 0.0001 ? '< 0.0001' : num(m.pAdjusted, 4)
}

/** Which way the change went for the user: worse, better, or neither. */
function tone(m: MetricComparison): 'worse' | 'better' | '' {
  if (m.delta === null || m.delta === 0 || m.better === 'none') return ''
  const up = m.delta > 0
  return (m.better === 'lower') === up ? 'worse' : 'better'
}

/** Below this many per-second samples a side, the tests can tell only large differences. */
const FEW_SAMPLES = 5

/** One suite's metrics, A next to B, the change, its significance and the verdict. */
export function ComparisonTable({ suite }: { suite: SuiteComparison }) {
  const tested = suite.metrics.filter((m) => m.test !== null)
  const fewest = tested.length
    ? Math.min(...tested.map((m) => Math.min(m.samples.a, m.samples.b)))
    : null
  return (
    <>
      <table className="table compact compare-table" data-testid={`compare-suite-${suite.index}`}>
        <TableHead
          columns={[
            'Metric',
            numCol('A'),
            numCol('B'),
            numCol('Δ'),
            numCol('Δ %'),
            numCol('p', 'Holm-adjusted p-value of the significance test'),
            'Verdict',
          ]}
        />
        <tbody>
          {suite.metrics.map((m) => (
            <tr key={m.key} data-metric={m.key} data-verdict={m.verdict}>
              <td>{m.label}</td>
              <td className="num">{withUnit(m.a, m.unit)}</td>
              <td className="num">{withUnit(m.b, m.unit)}</td>
              <td className={`num delta-${tone(m)}`}>{deltaText(m)}</td>
              <td className={`num delta-${tone(m)}`}>{deltaPctText(m)}</td>
              <td
                className="num muted"
                title={
                  m.test
                    ? `${testLabel[m.test.test]} on ${m.samples.a} and ${m.samples.b} per-second samples`
                    : 'not tested'
                }
              >
                {pText(m)}
              </td>
              <td>
                <VerdictBadge verdict={m.verdict} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {fewest !== null && fewest < FEW_SAMPLES ? (
        <p className="muted small" data-testid="few-samples">
          The tests had only {fewest} per-second sample{fewest === 1 ? '' : 's'} of a run to go on,
          so only large differences count as beyond noise; longer runs tell smaller ones apart.
        </p>
      ) : null}
    </>
  )
}

/** The verdict in one line: the regressions by name, or that there are none. */
export function CompareVerdictBanner({ comparison }: { comparison: SuiteComparison[] }) {
  const regressions = comparison.flatMap((s) =>
    s.metrics
      .filter((m) => m.verdict === 'regression')
      .map((m) => `${comparison.length > 1 ? `suite ${s.index + 1} ` : ''}${m.label}`),
  )
  const improvements = comparison.flatMap((s) =>
    s.metrics.filter((m) => m.verdict === 'improvement').map((m) => m.label),
  )
  if (regressions.length) {
    return (
      <div
        className="banner error verdict-banner"
        data-testid="compare-verdict"
        data-verdict="regression"
      >
        <b>Regression:</b> B is worse than A beyond noise and tolerance in {regressions.join(', ')}.
      </div>
    )
  }
  return (
    <div className="banner good verdict-banner" data-testid="compare-verdict" data-verdict="ok">
      <b>No regression.</b>{' '}
      {improvements.length
        ? `B improves on A in ${improvements.join(', ')}; the rest is within noise or tolerance.`
        : 'Every difference is within noise or tolerance.'}
    </div>
  )
}
