import type { Finding } from '@shared/index'
import { withUnit } from '../lib/format'

export function FindingsList({ findings }: { findings: Finding[] }) {
  if (!findings.length) return <p className="muted">Nothing worth flagging.</p>
  return (
    <ul className="findings">
      {findings.map((f) => (
        <li key={f.id} className={`finding sev-${f.severity}`}>
          <div className="finding-head">
            <span className={`badge sev-${f.severity}`}>{f.severity}</span>
            <strong>{f.title}</strong>
          </div>
          <p>{f.detail}</p>
          {f.evidence.length ? (
            <div className="evidence">
              {f.evidence.map((e, i) => (
                <span key={i} className="chip">
                  {e.label}:{' '}
                  <b>
                    {typeof e.value === 'number'
                      ? withUnit(e.value, e.unit ?? '')
                      : `${String(e.value)}${e.unit ? ` ${e.unit}` : ''}`}
                  </b>
                </span>
              ))}
            </div>
          ) : null}
          <p className="recommendation">→ {f.recommendation}</p>
        </li>
      ))}
    </ul>
  )
}

/**
 * A suite's own findings inside its result, folded: the run's Findings panel shows them all in
 * full, so here they stay one click away instead of appearing twice.
 */
export function SuiteFindings({ findings, testId }: { findings: Finding[]; testId?: string }) {
  if (!findings.length) return null
  return (
    <details className="suite-findings" data-testid={testId}>
      <summary>Findings of this suite ({findings.length})</summary>
      <FindingsList findings={findings} />
    </details>
  )
}
