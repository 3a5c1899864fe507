import { openHistoryAndRecover, resolveDbPath } from '../store'
import type { HistoryStore } from '../store/types'
import type { Io } from './io'

/** Opens the history named by --db, PERFDESK_DB or the default, marking runs a dead process left. */
export function openCliHistory(
  flag: string | undefined,
  io: Io,
): { store: HistoryStore; path: string } {
  const path = resolveDbPath(flag)
  const { store, interrupted } = openHistoryAndRecover(path)
  if (interrupted > 0) {
    io.stderr(
      `perfdesk: ${interrupted} run(s) left unfinished by a process that died are now marked "interrupted"\n`,
    )
  }
  return { store, path }
}
