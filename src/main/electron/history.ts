import { openHistoryAndRecover, resolveDbPath, type HistoryStore } from '../store'

/**
 * Opens the history the CLI also uses (PERFDESK_DB or the user-data folder) with the
 * Electron-ABI build of better-sqlite3, and marks runs a crash left `running` as interrupted.
 */
export function openAppHistory(
  nativeBinding: string,
  log: (message: string) => void,
): HistoryStore {
  const path = resolveDbPath(undefined)
  const { store, interrupted } = openHistoryAndRecover(path, { nativeBinding })
  if (interrupted > 0)
    log(`${interrupted} run(s) left unfinished by an earlier session are marked "interrupted"`)
  return store
}
