import { create } from 'zustand'
import {
  PlanSchema,
  type FieldProblem,
  type LiveSample,
  type MonitorSample,
  type Plan,
  type RunEvent,
  type RunResult,
  type RunReview,
  type RunStatus,
  type SuiteKind,
  type SuiteStatus,
  type Target,
} from '@shared/index'
import { MAX_CHART_POINTS } from '../components/SeriesChart'
import { describeForUser } from '../lib/problems'
import { suiteUi, suiteUis } from '../suites/registry'
import { ApiCallError, call } from '../transport'
import { errorText, useApp } from './app'
import { useHistory } from './history'

export interface LiveSuite {
  index: number
  kind: string
  name: string
  status: SuiteStatus
  expectedSec: number | null
  elapsedSec: number
  fraction: number | null
  label?: string
  /** what the charts draw: at most MAX_CHART_POINTS, oldest dropped first */
  samples: LiveSample[]
  error?: string
}

export interface LiveRun {
  runId: string
  plan: Plan | null
  startedAt: string
  status: RunStatus
  suites: LiveSuite[]
  error?: string
  /** the stored result, fetched once the run has finished */
  result: RunResult | null
  /** samples of the process riding along (plan.monitor), capped like the suites' */
  monitor: MonitorSample[]
}

export interface RunDraft {
  name: string
  targetId: string
  kind: SuiteKind
  /** each suite kind's own form state */
  suites: Partial<Record<SuiteKind, unknown>>
}

/** Where a plan comes from: a saved plan, or "Run again" of a stored (maybe imported) run. */
export interface RunOrigin {
  planId?: string
  sourceRunId?: string
}

interface RunState {
  draft: RunDraft
  problems: FieldProblem[]
  starting: boolean
  stopping: boolean
  live: LiveRun | null
  setDraft(patch: Partial<RunDraft>): void
  setSuiteDraft(kind: SuiteKind, draft: unknown): void
  /** builds the plan from the form and starts it */
  start(targets: Target[]): Promise<void>
  /** starts a plan as it is (run again: `origin.sourceRunId`) */
  startPlan(plan: Plan, origin?: RunOrigin): Promise<void>
  /** what the user must review before the plan runs (untrusted origin, a new remote host) */
  pendingReview: { plan: Plan; origin: RunOrigin; review: RunReview } | null
  approveReview(): Promise<void>
  cancelReview(): void
  stop(): Promise<void>
  handleEvent(event: RunEvent): void
  /** picks up a run already going (page reloaded, started elsewhere) */
  adoptActive(): Promise<void>
  clearLive(): void
}

const firstKind = suiteUis[0]!.kind

const finished = (live: LiveRun | null): boolean => !live || live.status !== 'running'

function freshLive(runId: string, plan: Plan | null, startedAt: string): LiveRun {
  return { runId, plan, startedAt, status: 'running', suites: [], result: null, monitor: [] }
}

function updateSuite(live: LiveRun, index: number, patch: (s: LiveSuite) => LiveSuite): LiveRun {
  const suites = [...live.suites]
  const current = suites[index] ?? {
    index,
    kind: live.plan?.suites[index]?.kind ?? 'unknown',
    name: live.plan?.suites[index]?.name ?? `Suite ${index + 1}`,
    status: 'running',
    expectedSec: null,
    elapsedSec: 0,
    fraction: null,
    samples: [],
  }
  suites[index] = patch(current)
  return { ...live, suites }
}

let adopting: Promise<void> | null = null

export const useRun = create<RunState>((set, get) => {
  const fetchResult = async (runId: string): Promise<void> => {
    try {
      const result = await call('runs.get', { runId })
      const live = get().live
      if (live?.runId === runId) set({ live: { ...live, result, status: result.status } })
    } catch (err) {
      useApp.getState().toast('error', `Could not load the run's result: ${errorText(err)}`)
    }
    void useHistory.getState().refresh()
  }

  const launch = async (plan: Plan, origin: RunOrigin = {}, approval?: string): Promise<void> => {
    set({ starting: true, problems: [] })
    try {
      if (approval === undefined) {
        // an untrusted plan or a new remote host: the user sees what it will do first
        const review = await call('runs.review', { plan, ...origin })
        if (review.required) {
          set({ starting: false, pendingReview: { plan, origin, review } })
          return
        }
      }
      const { runId } = await call('runs.start', {
        plan,
        ...origin,
        ...(approval !== undefined ? { approval } : {}),
      })
      const live = get().live
      // the run-started event may have come first
      if (live?.runId !== runId) set({ live: freshLive(runId, plan, new Date().toISOString()) })
      set({ starting: false })
    } catch (err) {
      set({ starting: false, problems: err instanceof ApiCallError ? err.problems : [] })
      useApp.getState().toast('error', `Could not start: ${errorText(err)}`)
    }
  }

  /** the form shows the plan that runs (run again, a run picked up after a reload) */
  const showPlanInForm = (plan: Plan): void => {
    const suite = plan.suites[0]
    const ui = suite ? suiteUi(suite.kind) : undefined
    if (!suite || !ui) return
    set({
      draft: {
        name: plan.name,
        targetId: suite.target,
        kind: suite.kind,
        suites: { ...get().draft.suites, [suite.kind]: ui.fromConfig(suite) },
      },
    })
  }

  return {
    draft: { name: '', targetId: '', kind: firstKind, suites: {} },
    problems: [],
    starting: false,
    stopping: false,
    live: null,
    pendingReview: null,

    async approveReview() {
      const pending = get().pendingReview
      if (!pending) return
      set({ pendingReview: null })
      await launch(pending.plan, pending.origin, pending.review.digest)
    },
    cancelReview: () => set({ pendingReview: null }),

    setDraft: (patch) => set({ draft: { ...get().draft, ...patch } }),
    setSuiteDraft: (kind, draft) =>
      set({ draft: { ...get().draft, suites: { ...get().draft.suites, [kind]: draft } } }),

    async start(targets) {
      const { draft } = get()
      const target = targets.find((t) => t.id === draft.targetId)
      if (!target) {
        set({ problems: [{ path: 'targets[0]', message: 'choose a target to measure' }] })
        return
      }
      const ui = suiteUi(draft.kind)
      if (!ui) return
      const { config, problems } = ui.toConfig(draft.suites[draft.kind] ?? ui.newDraft(), target.id)
      const candidate = {
        name: draft.name.trim() || `${ui.label} · ${target.name ?? target.id}`,
        targets: [target],
        suites: [config],
      }
      const parsed = PlanSchema.safeParse(candidate)
      const all = [
        ...problems.map((p) => ({ ...p, path: `suites[0].${p.path}` })),
        ...(parsed.success ? [] : describeForUser(parsed.error, candidate)),
      ]
      if (all.length || !parsed.success) {
        set({ problems: all })
        return
      }
      await launch(parsed.data)
    },

    async startPlan(plan, origin = {}) {
      showPlanInForm(plan)
      await launch(plan, origin)
    },

    async stop() {
      const live = get().live
      if (!live || live.status !== 'running') return
      set({ stopping: true })
      try {
        await call('runs.cancel', { runId: live.runId })
      } catch (err) {
        useApp.getState().toast('error', `Could not stop: ${errorText(err)}`)
      } finally {
        set({ stopping: false })
      }
    },

    handleEvent(e) {
      const live = get().live
      if (e.type === 'run-started') {
        if (finished(live) || get().starting) set({ live: freshLive(e.runId, e.plan, e.startedAt) })
        return
      }
      if (!live || live.runId !== e.runId) {
        // a run we did not see begin: pick it up if nothing else is on screen
        if (finished(live) && e.type !== 'run-finished') void get().adoptActive()
        return
      }
      switch (e.type) {
        case 'suite-started':
          set({
            live: updateSuite(live, e.suiteIndex, (s) => ({
              ...s,
              kind: e.kind,
              name: e.name,
              expectedSec: e.expectedSec,
              status: 'running',
            })),
          })
          break
        case 'progress':
          set({
            live: updateSuite(live, e.suiteIndex, (s) => {
              const samples =
                s.samples.length >= MAX_CHART_POINTS
                  ? [...s.samples.slice(s.samples.length - MAX_CHART_POINTS + 1), e.sample]
                  : [...s.samples, e.sample]
              return {
                ...s,
                elapsedSec: e.elapsedSec,
                expectedSec: e.expectedSec ?? s.expectedSec,
                fraction: e.fraction,
                ...(e.label !== undefined ? { label: e.label } : {}),
                samples,
              }
            }),
          })
          break
        case 'monitor':
          set({
            live: {
              ...live,
              monitor: [...live.monitor.slice(-(MAX_CHART_POINTS - 1)), e.sample],
            },
          })
          break
        case 'suite-finished':
          set({
            live: updateSuite(live, e.suiteIndex, (s) => ({
              ...s,
              status: e.status,
              fraction: 1,
              ...(e.error ? { error: e.error } : {}),
            })),
          })
          break
        case 'run-finished':
          set({ live: { ...live, status: e.status, ...(e.error ? { error: e.error } : {}) } })
          void fetchResult(e.runId)
          break
      }
    },

    adoptActive() {
      adopting ??= (async () => {
        try {
          const [runId] = await call('runs.active', {})
          if (!runId || !finished(get().live)) return
          const run = await call('runs.get', { runId })
          const live = freshLive(run.id, run.plan, run.startedAt)
          live.suites = run.suites.map((s) => ({
            index: s.index,
            kind: s.kind,
            name: s.name,
            status: s.status,
            expectedSec: null,
            elapsedSec: s.series.at(-1)?.t ?? 0,
            fraction: null,
            samples: (s.series as LiveSample[]).slice(-MAX_CHART_POINTS),
          }))
          if (!finished(get().live)) return
          set({ live })
          showPlanInForm(run.plan)
        } catch {
          // nothing to adopt
        } finally {
          adopting = null
        }
      })()
      return adopting
    },

    clearLive: () => set({ live: null }),
  }
})
