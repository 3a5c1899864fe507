import { api } from '../transport'
import { useApp } from './app'
import { useHistory } from './history'
import { useRun } from './run'
import { useTargets } from './targets'

let started = false

/** Subscribes the stores to the engine's run events once, and loads what every screen needs. */
export function startEventFeed(): void {
  if (started) return
  started = true
  api.onRunEvent((e) => {
    useRun.getState().handleEvent(e)
    if (e.type === 'run-started' || e.type === 'run-finished') void useHistory.getState().refresh()
  })
  void useApp.getState().loadInfo()
  void useTargets.getState().load()
  void useHistory.getState().refresh()
  void useRun.getState().adoptActive()
}
