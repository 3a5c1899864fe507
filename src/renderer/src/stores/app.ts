import { create } from 'zustand'
import type { AppInfo } from '@shared/index'
import { call } from '../transport'

export type Screen = 'run' | 'targets' | 'history'

export interface Toast {
  id: number
  kind: 'info' | 'error'
  text: string
}

interface AppState {
  screen: Screen
  info: AppInfo | null
  toasts: Toast[]
  go(screen: Screen): void
  loadInfo(): Promise<void>
  toast(kind: Toast['kind'], text: string): void
  dismiss(id: number): void
}

let toastId = 0

export const useApp = create<AppState>((set, get) => ({
  screen: 'run',
  info: null,
  toasts: [],
  go: (screen) => set({ screen }),
  async loadInfo() {
    try {
      set({ info: await call('app.info', {}) })
    } catch {
      // the sidebar just shows less
    }
  },
  toast(kind, text) {
    const id = ++toastId
    set({ toasts: [...get().toasts.slice(-3), { id, kind, text }] })
    setTimeout(() => get().dismiss(id), kind === 'error' ? 8000 : 4000)
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
}))

export const errorText = (err: unknown): string =>
  err instanceof Error ? err.message : String(err)
