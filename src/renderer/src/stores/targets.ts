import { create } from 'zustand'
import {
  TargetSchema,
  type ConnectionTestResult,
  type FieldProblem,
  type Target,
  type TargetKind,
} from '@shared/index'
import { describeForUser } from '../lib/problems'
import { ApiCallError, call } from '../transport'
import { errorText, useApp } from './app'

interface TargetsState {
  targets: Target[]
  loaded: boolean
  loadError: string | null
  /** the id being edited, 'new' for a new one, null for none */
  editing: string | 'new' | null
  /** the kind a new target gets (the form's kind picker) */
  newKind: TargetKind | null
  /** opens the form for a new target of a kind */
  editNew(kind: TargetKind): void
  problems: FieldProblem[]
  saving: boolean
  testing: boolean
  testResult: ConnectionTestResult | null
  load(): Promise<void>
  edit(id: string | 'new' | null): void
  /** validates and saves; returns the saved target, or null with problems set */
  save(candidate: unknown, formProblems: FieldProblem[]): Promise<Target | null>
  remove(id: string): Promise<void>
  test(candidate: unknown, formProblems: FieldProblem[]): Promise<void>
}

function validate(candidate: unknown, formProblems: FieldProblem[]): Target | FieldProblem[] {
  const r = TargetSchema.safeParse(candidate)
  const problems = [...formProblems, ...(r.success ? [] : describeForUser(r.error, candidate))]
  return problems.length || !r.success ? problems : r.data
}

export const useTargets = create<TargetsState>((set, get) => ({
  targets: [],
  loaded: false,
  loadError: null,
  editing: null,
  newKind: null,
  problems: [],
  saving: false,
  testing: false,
  testResult: null,

  async load() {
    try {
      const targets = await call('targets.list', {})
      set({ targets, loaded: true, loadError: null })
    } catch (err) {
      set({ loaded: true, loadError: errorText(err) })
    }
  },

  edit: (id) => set({ editing: id, problems: [], testResult: null }),
  editNew: (kind) => set({ editing: 'new', newKind: kind, problems: [], testResult: null }),

  async save(candidate, formProblems) {
    const v = validate(candidate, formProblems)
    if (Array.isArray(v)) {
      set({ problems: v })
      return null
    }
    const { editing, targets } = get()
    if (editing === 'new' && targets.some((t) => t.id === v.id)) {
      set({
        problems: [{ path: 'id', message: `a target with id "${v.id}" exists; choose another id` }],
      })
      return null
    }
    set({ saving: true, problems: [] })
    try {
      const saved = await call('targets.save', v)
      await get().load()
      set({ editing: saved.id, saving: false })
      useApp.getState().toast('info', `Saved target "${saved.name ?? saved.id}"`)
      return saved
    } catch (err) {
      set({ saving: false, problems: err instanceof ApiCallError ? err.problems : [] })
      useApp.getState().toast('error', errorText(err))
      return null
    }
  },

  async remove(id) {
    try {
      await call('targets.delete', { id })
      if (get().editing === id) set({ editing: null })
      await get().load()
    } catch (err) {
      useApp.getState().toast('error', errorText(err))
    }
  },

  async test(candidate, formProblems) {
    const v = validate(candidate, formProblems)
    if (Array.isArray(v)) {
      set({ problems: v })
      return
    }
    set({ testing: true, testResult: null, problems: [] })
    try {
      set({ testResult: await call('targets.test', v), testing: false })
    } catch (err) {
      set({
        testing: false,
        testResult: { ok: false, message: errorText(err), latencyMs: null, details: {} },
      })
    }
  },
}))
