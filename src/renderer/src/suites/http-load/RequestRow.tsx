import { useId } from 'react'
import { invalidProps, RemoveButton } from '../../components/fields'
import { Problem } from '../../components/ui'
import { problemUnder, scoped, unclaimed, type ProblemMap } from '../../lib/problems'
import { httpMethods, type HttpMethod, type RequestDraft } from './draft'
import { ChecksFold, StepFold, variablesHint } from './ScenarioParts'

/** What a request row shows itself; a problem under the request but elsewhere is listed at its end. */
const ROW_FIELDS = [
  'method',
  'path',
  'name',
  'weight',
  'body',
  'headers',
  'checks',
  'extract',
  'thinkMs',
  'thresholds',
]

/**
 * One request of the list (a step, in a flow): method and path, name and weight (mix only),
 * body and headers, the variables it may use, and its folded checks, limits and extracts.
 */
export function RequestRow({
  request: r,
  index: i,
  flow,
  hasData,
  earlier,
  problems: all,
  onChange,
  onRemove,
}: {
  request: RequestDraft
  index: number
  flow: boolean
  hasData: boolean
  /** the variables earlier steps of the flow extract */
  earlier: readonly string[]
  /** the form's problems (paths like requests[1].checks[0]) */
  problems: ProblemMap
  onChange: (patch: Partial<RequestDraft>) => void
  /** absent: the only request cannot be removed */
  onRemove?: (() => void) | undefined
}) {
  const ids = { path: useId(), weight: useId(), body: useId(), headers: useId(), hint: useId() }
  const problems = scoped(all, `requests[${i}]`)
  const who = `${flow ? 'step' : 'request'} ${i + 1}`
  const p = {
    path: problems['path'],
    weight: problems['weight'],
    // a variable defined nowhere is found per header: requests[1].headers.Authorization
    headers: problemUnder(problems, 'headers'),
    body: problems['body'],
  }
  const rest = unclaimed(problems, ROW_FIELDS)
  return (
    <div className={`request-row wide${flow ? ' step' : ''}`} data-testid={`request-${i}`}>
      {flow ? <div className="step-label">Step {i + 1}</div> : null}
      <div className="request-line">
        <select
          aria-label={`${who} method`}
          value={r.method}
          onChange={(e) => onChange({ method: e.target.value as HttpMethod })}
        >
          {httpMethods.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <input
          aria-label={`${who} path`}
          value={r.path}
          placeholder="/items?page=1"
          onChange={(e) => onChange({ path: e.target.value })}
          {...invalidProps(p.path, ids.path, ids.hint)}
        />
        {onRemove ? <RemoveButton label={`remove ${who}`} onClick={onRemove} /> : null}
      </div>
      <Problem problem={p.path} id={ids.path} />
      <div className={flow ? '' : 'request-meta'}>
        <input
          aria-label={`${who} name`}
          value={r.name}
          placeholder={`Name (default: ${r.method} ${r.path || '/'})`}
          onChange={(e) => onChange({ name: e.target.value })}
        />
        {flow ? null : (
          <input
            aria-label={`${who} weight`}
            inputMode="decimal"
            value={r.weight}
            placeholder="Weight 1"
            title="share of the mix: requests are picked in proportion to their weights"
            onChange={(e) => onChange({ weight: e.target.value })}
            {...invalidProps(p.weight, ids.weight)}
          />
        )}
      </div>
      <Problem problem={flow ? undefined : p.weight} id={ids.weight} />
      {r.method !== 'GET' && r.method !== 'HEAD' ? (
        <>
          <textarea
            aria-label={`${who} body`}
            rows={2}
            placeholder='Body, e.g. {"name":"x"}'
            value={r.body}
            onChange={(e) => onChange({ body: e.target.value })}
            {...invalidProps(p.body, ids.body, ids.hint)}
          />
          <Problem problem={p.body} id={ids.body} />
        </>
      ) : null}
      <textarea
        aria-label={`${who} headers`}
        rows={1}
        placeholder="Headers: one “Name: value” per line"
        value={r.headers}
        onChange={(e) => onChange({ headers: e.target.value })}
        {...invalidProps(p.headers, ids.headers, ids.hint)}
      />
      <Problem problem={p.headers} id={ids.headers} />
      <span className="field-hint variables-hint" id={ids.hint}>
        {variablesHint(earlier, flow && i > 0, hasData)}
      </span>
      <div className="request-folds">
        <ChecksFold parts={r} onChange={onChange} problems={problems} who={who} />
        {flow ? <StepFold parts={r} onChange={onChange} problems={problems} who={who} /> : null}
      </div>
      {rest.map(([path, message]) => (
        <Problem
          key={path}
          problem={`${path === '(top level)' ? who : `${who} ${path}`}: ${message}`}
        />
      ))}
    </div>
  )
}
