import { useEffect, useState } from 'react'
import type { BaselineInfo, BaselineScope } from '@shared/index'
import { when } from '../lib/format'
import { useHistory } from '../stores/history'
import { call } from '../transport'

/**
 * "Baseline: <run name>, <date>" — the run deltas are taken against — with a way to clear a
 * chosen one. "automatic" when nobody chose one: then it is the latest finished run of the plan
 * and target.
 */
export function BaselineLabel({ info }: { info: BaselineInfo }) {
  const clear = useHistory((s) => s.clearBaseline)
  return (
    <span className="baseline-label" data-testid="baseline-label">
      Baseline: <strong>{info.planName}</strong>, {when(info.startedAt)}{' '}
      {info.automatic ? (
        <span
          className="badge"
          title="no baseline chosen for this plan and target: the latest finished run before this one. Choose one with “Use as baseline” on a stored run."
        >
          automatic
        </span>
      ) : (
        <button
          type="button"
          className="btn small ghost"
          title="forget this baseline: deltas are taken against the latest finished run again"
          onClick={() => void clear(info.scope)}
        >
          Clear baseline
        </button>
      )}
    </span>
  )
}

/** The baseline a new run of `scope` would be compared with (the run form); nothing when none. */
export function ScopeBaseline({ scope }: { scope: BaselineScope | null }) {
  const version = useHistory((s) => s.baselineVersion)
  const runs = useHistory((s) => s.runs)
  const [info, setInfo] = useState<{ key: string; value: BaselineInfo | null } | null>(null)
  const plan = scope?.plan ?? ''
  const target = scope?.target ?? ''
  const key = `${plan}\n${target}`
  useEffect(() => {
    if (!plan || !target) return
    let live = true
    call('baselines.get', { plan, target }).then(
      (value) => live && setInfo({ key, value }),
      () => live && setInfo({ key, value: null }),
    )
    return () => {
      live = false
    }
    // runs: a run that just finished may be the new automatic baseline
  }, [key, plan, target, version, runs])
  const value = info?.key === key ? info.value : null
  if (!scope || !value) return null
  return (
    <p className="field wide muted small form-baseline">
      <BaselineLabel info={value} />
    </p>
  )
}
