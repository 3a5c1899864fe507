import { useEffect, useMemo, useState } from 'react'
import type { Target, TargetKind } from '@shared/index'
import { ConfirmDelete, Empty, Section } from '../components/ui'
import { focusFirstProblem } from '../lib/focus'
import { toProblemMap } from '../lib/problems'
import { detailLabel } from '../lib/detail-label'
import { num } from '../lib/format'
import { useApp } from '../stores/app'
import { useRun } from '../stores/run'
import { useTargets } from '../stores/targets'
import { suiteUis, targetUi, targetUis } from '../suites/registry'

function TargetEditor({ target, kind }: { target: Target | null; kind: TargetKind }) {
  const ui = targetUi(kind)
  const { problems, saving, testing, testResult, save, test, remove, edit } = useTargets()
  const [draft, setDraft] = useState<unknown>(() =>
    ui ? (target ? ui.fromTarget(target) : ui.newDraft()) : null,
  )
  const problemMap = useMemo(() => toProblemMap(problems), [problems])
  const setDraftRun = useRun((s) => s.setDraft)
  const go = useApp((s) => s.go)
  if (!ui) return <Empty>No editor for {kind} targets yet.</Empty>
  const candidate = () => ui.toTarget(draft)

  return (
    <Section
      title={target ? `Edit ${target.name ?? target.id}` : `New ${ui.label} target`}
      actions={
        target ? (
          <button
            type="button"
            className="btn"
            onClick={() => {
              const suite = suiteUis.find((s) => s.targetKind === target.kind)
              setDraftRun({ targetId: target.id, ...(suite ? { kind: suite.kind } : {}) })
              go('run')
            }}
          >
            Run against it →
          </button>
        ) : null
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault()
          const c = candidate()
          const form = e.currentTarget
          void save(c.target, c.problems).then((saved) => {
            if (!saved) focusFirstProblem(form)
          })
        }}
      >
        <ui.Form draft={draft} onChange={setDraft} problems={problemMap} disabled={saving} />
        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save target'}
          </button>
          <button
            type="button"
            className="btn"
            disabled={testing}
            onClick={() => {
              const c = candidate()
              void test(c.target, c.problems)
            }}
          >
            {testing ? 'Testing…' : 'Test connection'}
          </button>
          <span className="spacer" />
          {target ? (
            <ConfirmDelete
              question={`Delete “${target.name ?? target.id}”?`}
              onDelete={() => void remove(target.id)}
            />
          ) : (
            <button type="button" className="btn ghost" onClick={() => edit(null)}>
              Cancel
            </button>
          )}
        </div>
      </form>
      {testResult ? (
        <div
          className={`test-result ${testResult.ok ? 'ok' : 'bad'}`}
          data-testid="test-result"
          role="status"
        >
          <div className="test-head">
            <span className={`badge ${testResult.ok ? 'status-passed' : 'status-failed'}`}>
              {testResult.ok ? 'connected' : 'failed'}
            </span>
            <span>{testResult.message}</span>
            {/* the time, unless the message already says it */}
            {testResult.latencyMs !== null && !/\d ms\b/.test(testResult.message) ? (
              <b className="num">{num(testResult.latencyMs, 1)} ms</b>
            ) : null}
          </div>
          {Object.keys(testResult.details).length ? (
            <dl className="details">
              {Object.entries(testResult.details).map(([k, v]) => (
                <div key={k} data-detail={k}>
                  <dt>{detailLabel(k)}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </div>
      ) : null}
    </Section>
  )
}

export function TargetsScreen() {
  const { targets, loaded, loadError, editing, edit, load } = useTargets()
  const newKind = useTargets((s) => s.newKind) ?? targetUis[0]?.kind ?? 'http'
  const setNewKind = (kind: TargetKind): void => useTargets.setState({ newKind: kind })
  useEffect(() => {
    void load()
  }, [load])
  const current =
    editing && editing !== 'new' ? (targets.find((t) => t.id === editing) ?? null) : null

  return (
    <div className="targets-screen">
      <Section
        title="Targets"
        className="targets-list"
        actions={
          <div className="btn-row">
            {targetUis.length > 1 ? (
              <select
                aria-label="kind of target"
                value={newKind}
                onChange={(e) => setNewKind(e.target.value as TargetKind)}
              >
                {targetUis.map((t) => (
                  <option key={t.kind} value={t.kind}>
                    {t.label}
                  </option>
                ))}
              </select>
            ) : null}
            <button type="button" className="btn primary small" onClick={() => edit('new')}>
              + Add target
            </button>
          </div>
        }
      >
        {loadError ? <div className="banner error">{loadError}</div> : null}
        {loaded && !targets.length ? (
          <Empty>
            <p>No targets yet. Add the HTTP API, database or cache you want to measure.</p>
          </Empty>
        ) : (
          <ul className="target-items">
            {targets.map((t) => (
              <li key={t.id}>
                <button
                  type="button"
                  className={`target-item${editing === t.id ? ' on' : ''}`}
                  onClick={() => edit(t.id)}
                  data-target-id={t.id}
                >
                  <span className={`kind kind-${t.kind}`}>{t.kind}</span>
                  <span className="target-name">{t.name ?? t.id}</span>
                  <span className="target-desc">{targetUi(t.kind)?.describe(t) ?? t.id}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <div className="target-editor">
        {editing === 'new' ? (
          <TargetEditor key={`new-${newKind}`} target={null} kind={newKind} />
        ) : current ? (
          <TargetEditor key={current.id} target={current} kind={current.kind} />
        ) : (
          <Empty>
            <p>Choose a target to edit it, or add one.</p>
          </Empty>
        )}
      </div>
    </div>
  )
}
