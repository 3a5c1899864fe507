import { useEffect, useMemo, useRef } from 'react'
import { baselineScope } from '@shared/index'
import { ScopeBaseline } from '../components/BaselineLabel'
import { ExportButtons } from '../components/ExportButtons'
import { RunView } from '../components/RunView'
import { Empty, Field, FieldGroup, ProblemList, Section } from '../components/ui'
import { focusFirstProblem } from '../lib/focus'
import { scoped, toProblemMap, unclaimed } from '../lib/problems'
import { useApp } from '../stores/app'
import { useRun } from '../stores/run'
import { useTargets } from '../stores/targets'
import { suiteUi, suiteUis } from '../suites/registry'

export function RunScreen() {
  const {
    draft,
    problems,
    starting,
    stopping,
    live,
    setDraft,
    setSuiteDraft,
    start,
    stop,
    clearLive,
  } = useRun()
  const targets = useTargets((s) => s.targets)
  const go = useApp((s) => s.go)
  const formRef = useRef<HTMLFormElement>(null)
  const running = live?.status === 'running'
  const ui = suiteUi(draft.kind)
  const candidates = targets.filter((t) => t.kind === ui?.targetKind)
  const targetId = candidates.some((t) => t.id === draft.targetId)
    ? draft.targetId
    : (candidates[0]?.id ?? '')
  useEffect(() => {
    if (targetId !== draft.targetId) setDraft({ targetId })
  }, [targetId, draft.targetId, setDraft])
  const problemMap = useMemo(() => toProblemMap(problems), [problems])
  const suiteDraft = ui ? (draft.suites[draft.kind] ?? ui.newDraft()) : null
  const targetProblem = problemMap['targets[0]'] ?? problemMap['suites[0].target']

  return (
    <div className="run-screen">
      <aside className="run-config">
        <Section title="New run">
          <form
            ref={formRef}
            onSubmit={(e) => {
              e.preventDefault()
              if (!running) void start(targets).then(() => focusFirstProblem(formRef.current))
            }}
          >
            <fieldset className="form-grid" disabled={running || starting}>
              <Field label="Suite" wide>
                <select
                  name="suite"
                  value={draft.kind}
                  // a run name belongs to the suite it was typed for
                  onChange={(e) =>
                    setDraft({ kind: e.target.value as typeof draft.kind, name: '' })
                  }
                >
                  {suiteUis.map((s) => (
                    <option key={s.kind} value={s.kind}>
                      {s.label}
                    </option>
                  ))}
                </select>
              </Field>
              {candidates.length ? (
                <Field label="Target" wide problem={targetProblem}>
                  <select
                    name="target"
                    value={targetId}
                    onChange={(e) => setDraft({ targetId: e.target.value })}
                  >
                    {candidates.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name ? `${t.name} (${t.id})` : t.id}
                      </option>
                    ))}
                  </select>
                </Field>
              ) : (
                // a group, not a label: the button keeps its own name
                <FieldGroup label="Target" wide problem={targetProblem}>
                  <button
                    type="button"
                    className="btn"
                    onClick={() => {
                      if (ui) useTargets.getState().editNew(ui.targetKind)
                      go('targets')
                    }}
                  >
                    Add a {ui?.target?.label ?? ui?.targetKind} target first
                  </button>
                </FieldGroup>
              )}
              <ScopeBaseline
                scope={
                  targetId
                    ? baselineScope({ suites: [{ kind: draft.kind, target: targetId }] })
                    : null
                }
              />
              <Field label="Run name" wide hint="optional" problem={problemMap['name']}>
                <input
                  name="runName"
                  value={draft.name}
                  placeholder={ui ? `${ui.label} · ${targetId || 'target'}` : ''}
                  onChange={(e) => setDraft({ name: e.target.value })}
                />
              </Field>
            </fieldset>
            {ui && suiteDraft !== null ? (
              <ui.Form
                draft={suiteDraft}
                onChange={(d) => setSuiteDraft(draft.kind, d)}
                problems={scoped(problemMap, 'suites[0]')}
                disabled={running || starting}
                targetId={targetId || undefined}
              />
            ) : null}
            <ProblemList problems={unclaimed(problemMap, ['suites', 'targets', 'name'])} />
            <div className="form-actions">
              {running ? (
                <button
                  type="button"
                  className="btn danger"
                  onClick={() => void stop()}
                  disabled={stopping}
                >
                  {stopping ? 'Stopping…' : 'Stop'}
                </button>
              ) : (
                <button
                  type="submit"
                  className="btn primary"
                  disabled={starting || !candidates.length}
                >
                  {starting ? 'Starting…' : 'Start run'}
                </button>
              )}
            </div>
          </form>
        </Section>
      </aside>
      <div className="run-output">
        {live ? (
          <RunView
            run={live.result}
            live={live}
            actions={
              !running ? (
                <div className="btn-row">
                  {live.result ? <ExportButtons runId={live.runId} /> : null}
                  <button type="button" className="btn ghost" onClick={clearLive}>
                    Clear
                  </button>
                </div>
              ) : null
            }
          />
        ) : (
          <Empty>
            <h3>Nothing running</h3>
            <p>
              Pick a target, describe the load on the left and press Start. Charts appear here as it
              runs.
            </p>
          </Empty>
        )}
      </div>
    </div>
  )
}
