import { create } from 'zustand'
import type { RunComparison, RunResult } from '@shared/index'
import { call } from '../transport'
import { errorText } from './app'
import { useHistory } from './history'

/** Two runs are compared at most; the first picked stays until unticked. */
export const COMPARE_MAX = 2

interface CompareState {
  /** run ids ticked in History, in the order they were ticked */
  selected: string[]
  /** the compare view is showing */
  open: boolean
  /** the two runs being compared (set as loading starts: the address names them) */
  ids: { a: string; b: string } | null
  loading: boolean
  error: string | null
  /** percent a metric may get worse before it counts as a regression */
  tolerancePct: number
  comparison: RunComparison | null
  /** the two runs in full, for the overlaid charts */
  a: RunResult | null
  b: RunResult | null
  toggle(runId: string): void
  clearSelection(): void
  /** compares the two runs; without ids, the ticked ones, older as A */
  compare(ids?: { a: string; b: string }): Promise<void>
  setTolerance(pct: number): Promise<void>
  swap(): Promise<void>
  close(): void
}

export const useCompare = create<CompareState>((set, get) => {
  const load = async (a: string, b: string): Promise<void> => {
    set({ open: true, ids: { a, b }, loading: true, error: null })
    try {
      const [comparison, runA, runB] = await Promise.all([
        call('runs.compare', { a, b, maxRegressionPct: get().tolerancePct }),
        call('runs.get', { runId: a }),
        call('runs.get', { runId: b }),
      ])
      if (stillWanted(a, b)) set({ comparison, a: runA, b: runB, loading: false })
    } catch (err) {
      if (stillWanted(a, b)) set({ loading: false, error: errorText(err) })
    }
  }
  // Back/Forward faster than the answers: a late answer for another pair (or after the view
  // closed) must not replace what the address now shows
  const stillWanted = (a: string, b: string): boolean => {
    const { open, ids } = get()
    return open && ids?.a === a && ids.b === b
  }

  return {
    selected: [],
    open: false,
    ids: null,
    loading: false,
    error: null,
    tolerancePct: 10,
    comparison: null,
    a: null,
    b: null,

    toggle(runId) {
      const { selected } = get()
      if (selected.includes(runId)) set({ selected: selected.filter((id) => id !== runId) })
      else if (selected.length < COMPARE_MAX) set({ selected: [...selected, runId] })
    },
    clearSelection: () => set({ selected: [] }),

    async compare(ids) {
      let pair = ids
      if (!pair) {
        const started = new Map(useHistory.getState().runs.map((r) => [r.id, r.startedAt]))
        // a ticked run deleted since is not compared
        const [x, y] = get().selected.filter((id) => started.has(id))
        if (!x || !y) return
        // A is the older run: "what changed since"
        const older = (started.get(x) ?? '') <= (started.get(y) ?? '')
        pair = older ? { a: x, b: y } : { a: y, b: x }
      }
      set({ comparison: null, a: null, b: null })
      await load(pair.a, pair.b)
    },

    async setTolerance(pct) {
      set({ tolerancePct: pct })
      const c = get().comparison
      if (c) await load(c.a.id, c.b.id)
    },

    async swap() {
      const c = get().comparison
      if (c) await load(c.b.id, c.a.id)
    },

    close: () =>
      set({
        open: false,
        ids: null,
        comparison: null,
        a: null,
        b: null,
        error: null,
        loading: false,
      }),
  }
})
