/** Where a command writes; tests pass their own. */
export interface Io {
  stdout(text: string): void
  stderr(text: string): void
  /** true when stderr is a terminal: live progress redraws one line */
  interactive: boolean
}

export const processIo: Io = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  interactive: Boolean(process.stderr.isTTY),
}

/** Exit codes, as documented: 0 passed, 1 a threshold failed, 2 invalid input or error. */
export const EXIT = { ok: 0, failed: 1, error: 2 } as const
