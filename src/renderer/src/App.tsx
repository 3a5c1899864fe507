import { ReviewDialog } from './components/ReviewDialog'
import { useApp, type Screen } from './stores/app'
import { useCompare } from './stores/compare'
import { useHistory } from './stores/history'
import { useRun } from './stores/run'
import { useConnection } from './transport'
import { HistoryScreen } from './screens/HistoryScreen'
import { RunScreen } from './screens/RunScreen'
import { TargetsScreen } from './screens/TargetsScreen'

const NAV: { screen: Screen; label: string; icon: string }[] = [
  { screen: 'run', label: 'Run', icon: '▶' },
  { screen: 'targets', label: 'Targets', icon: '◎' },
  { screen: 'history', label: 'History', icon: '☰' },
]

export function App() {
  const { screen, go, info, toasts, dismiss } = useApp()
  const running = useRun((s) => s.live?.status === 'running')
  const connection = useConnection((s) => s.state)
  return (
    <div className="app">
      <nav className="sidebar" aria-label="PerfDesk">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>{' '}
          PerfDesk
        </div>
        {NAV.map((n) => (
          <a
            key={n.screen}
            href={`#/${n.screen}`}
            className={`nav-item${screen === n.screen ? ' on' : ''}`}
            aria-current={screen === n.screen ? 'page' : undefined}
            onClick={(e) => {
              // the stores move and the router writes the address (one history entry)
              e.preventDefault()
              // the History entry also leads back from a run to the list
              if (n.screen === 'history') {
                void useHistory.getState().openRun(null)
                useCompare.getState().close()
              }
              go(n.screen)
            }}
            data-nav={n.screen}
          >
            <span className="nav-icon" aria-hidden="true">
              {n.icon}
            </span>
            {n.label}
            {n.screen === 'run' && running ? (
              <span className="live-dot" title="running" aria-label="(running)" role="img" />
            ) : null}
          </a>
        ))}
        <div className="sidebar-foot">
          <div className={`conn conn-${connection}`}>
            {connection === 'open'
              ? 'connected'
              : connection === 'connecting'
                ? 'connecting…'
                : 'disconnected'}
          </div>
          {info ? (
            <>
              <div>
                v{info.version} · {info.mode}
              </div>
              <div className="db" title={info.dbPath}>
                {info.dbPath.split(/[\\/]/).pop()}
              </div>
            </>
          ) : null}
        </div>
      </nav>
      <main className="main">
        {connection === 'closed' ? (
          <div className="banner error" role="alert" data-testid="disconnected">
            Not connected to PerfDesk; retrying. If <code>perfdesk serve</code> was stopped, start
            it again; if it was restarted, this tab’s access token no longer works: open the new
            address it printed.
          </div>
        ) : null}
        {screen === 'run' ? (
          <RunScreen />
        ) : screen === 'targets' ? (
          <TargetsScreen />
        ) : (
          <HistoryScreen />
        )}
      </main>
      <ReviewDialog />
      <div className="toasts" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast ${t.kind}`} onClick={() => dismiss(t.id)}>
            {t.text}
          </div>
        ))}
      </div>
    </div>
  )
}
