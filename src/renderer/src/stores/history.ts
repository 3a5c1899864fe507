import { create } from 'zustand'
import type { BaselineScope, RunResult, RunStatus, RunSummary } from '@shared/index'
import { call } from '../transport'
import { errorText, useApp } from './app'

interface HistoryState {
  runs: RunSummary[]
  loaded: boolean
  loadError: string | null
  filter: { target: string; status: RunStatus | '' }
  /** the run opened in the detail view */
  openId: string | null
  open: RunResult | null
  openError: string | null
  exporting: 'json' | 'pdf' | 'html' | null
  /** bumps whenever a baseline changes, so views that show deltas fetch them again */
  baselineVersion: number
  setFilter(patch: Partial<HistoryState['filter']>): void
  refresh(): Promise<void>
  openRun(runId: string | null): Promise<void>
  remove(runId: string): Promise<boolean>
  exportRun(runId: string, format: 'json' | 'pdf' | 'html'): Promise<void>
  /** marks (or unmarks) a run as the baseline of its plan and target */
  setBaseline(runId: string, baseline: boolean): Promise<void>
  /** forgets the chosen baseline of a plan and target: deltas go back to automatic */
  clearBaseline(scope: BaselineScope): Promise<void>
}

export const useHistory = create<HistoryState>((set, get) => ({
  runs: [],
  loaded: false,
  loadError: null,
  filter: { target: '', status: '' },
  openId: null,
  open: null,
  openError: null,
  exporting: null,
  baselineVersion: 0,

  setFilter(patch) {
    set({ filter: { ...get().filter, ...patch } })
    void get().refresh()
  },

  async refresh() {
    const { target, status } = get().filter
    try {
      const runs = await call('runs.list', {
        ...(target ? { target } : {}),
        ...(status ? { status } : {}),
      })
      set({ runs, loaded: true, loadError: null })
    } catch (err) {
      set({ loaded: true, loadError: errorText(err) })
    }
  },

  async openRun(runId) {
    set({ openId: runId, open: null, openError: null })
    if (!runId) return
    try {
      const run = await call('runs.get', { runId })
      if (get().openId === runId) set({ open: run })
    } catch (err) {
      if (get().openId === runId) set({ openError: errorText(err) })
    }
  },

  async remove(runId) {
    try {
      await call('runs.delete', { runId })
      if (get().openId === runId) set({ openId: null, open: null })
      await get().refresh()
      useApp.getState().toast('info', 'Run deleted')
      return true
    } catch (err) {
      useApp.getState().toast('error', `Could not delete: ${errorText(err)}`)
      return false
    }
  },

  async setBaseline(runId, baseline) {
    try {
      await call('runs.setBaseline', { runId, baseline })
      set({ baselineVersion: get().baselineVersion + 1 })
      const open = get().open
      // another run of the plan may have lost the mark: the open one shows its own state
      if (open?.id === runId) set({ open: { ...open, baseline } })
      useApp
        .getState()
        .toast(
          'info',
          baseline ? 'Now the baseline of its plan and target' : 'No longer the baseline',
        )
      await get().refresh()
    } catch (err) {
      useApp.getState().toast('error', `Could not change the baseline: ${errorText(err)}`)
    }
  },

  async clearBaseline(scope) {
    try {
      await call('baselines.clear', scope)
      set({ baselineVersion: get().baselineVersion + 1 })
      const open = get().open
      if (open?.baseline) set({ open: { ...open, baseline: false } })
      useApp.getState().toast('info', 'Baseline cleared: deltas are against the latest run again')
      await get().refresh()
    } catch (err) {
      useApp.getState().toast('error', `Could not clear the baseline: ${errorText(err)}`)
    }
  },

  async exportRun(runId, format) {
    set({ exporting: format })
    try {
      const file = await call('runs.export', { runId, format })
      const r = await call('files.save', file)
      if (r.saved) useApp.getState().toast('info', `Saved ${r.path ?? file.filename}`)
    } catch (err) {
      useApp.getState().toast('error', `Export failed: ${errorText(err)}`)
    } finally {
      set({ exporting: null })
    }
  },
}))
