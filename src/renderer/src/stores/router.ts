import { formatRoute, parseRoute, type Route } from '../lib/routes'
import { useApp } from './app'
import { useCompare } from './compare'
import { useHistory } from './history'
import { useRun } from './run'
import { useTargets } from './targets'

/** The route the stores show now. */
function shownRoute(): Route {
  const { screen } = useApp.getState()
  if (screen === 'run') return { screen: 'run' }
  if (screen === 'targets') {
    const id = useTargets.getState().editing
    return id ? { screen: 'targets', id } : { screen: 'targets' }
  }
  const { open, ids } = useCompare.getState()
  if (open && ids) return { screen: 'compare', ...ids }
  const runId = useHistory.getState().openId
  return runId ? { screen: 'run-detail', id: runId } : { screen: 'history' }
}

/** Puts the stores where a route says. */
function show(route: Route): void {
  const history = useHistory.getState()
  const compare = useCompare.getState()
  useApp
    .getState()
    .go(route.screen === 'run-detail' || route.screen === 'compare' ? 'history' : route.screen)
  if (route.screen === 'targets') {
    const editing = route.id ?? null
    if (useTargets.getState().editing !== editing) useTargets.getState().edit(editing)
  }
  if (route.screen === 'compare') {
    const ids = compare.ids
    if (!compare.open || ids?.a !== route.a || ids.b !== route.b)
      void compare.compare({ a: route.a, b: route.b })
  } else if (compare.open) compare.close()
  const runId = route.screen === 'run-detail' ? route.id : null
  if (route.screen !== 'compare' && history.openId !== runId) void history.openRun(runId)
}

/** "Orders API · checkout — Run · PerfDesk": the window says where it is and what runs. */
function title(route: Route): string {
  const live = useRun.getState().live
  const running = live?.status === 'running' ? `▶ ${live.plan?.name ?? 'running'} — ` : ''
  const open = useHistory.getState().open
  const where =
    route.screen === 'run-detail'
      ? (open?.plan.name ?? 'Run')
      : route.screen === 'compare'
        ? 'Compare'
        : route.screen === 'targets'
          ? 'Targets'
          : route.screen === 'history'
            ? 'History'
            : 'Run'
  return `${running}${where} · PerfDesk`
}

let started = false

/**
 * Keeps the address and the stores in step: a hash change (Back, Forward, a link, a fresh tab)
 * moves the stores; a move in the stores (a click) pushes a new address. Dependency-free: the
 * screens stay driven by the stores, the hash only mirrors and restores them.
 */
export function startRouter(): void {
  if (started) return
  started = true
  let applying = false
  // the address the stores were last put at, or last pushed from them. When location.hash is
  // no longer it, Back/Forward has moved the address and its hashchange is still to come: a
  // store change meanwhile (a late answer) must not push, or it would swallow that step.
  let current = location.hash
  const apply = (): void => {
    applying = true
    try {
      show(parseRoute(location.hash))
    } finally {
      applying = false
    }
    current = location.hash
    sync(true)
  }
  const sync = (replace = false): void => {
    const route = shownRoute()
    document.title = title(route)
    if (applying || location.hash !== current) return
    const hash = formatRoute(route)
    if (hash === current) return
    if (replace) history.replaceState(null, '', hash)
    else history.pushState(null, '', hash)
    current = hash
  }
  window.addEventListener('hashchange', apply)
  for (const store of [useApp, useTargets, useHistory, useCompare, useRun])
    store.subscribe(() => sync())
  apply()
}
