/** Where a command writes; tests pass their own. */
export interface Io {
  stdout(text: string): void
  stderr(text: string): void
  /** true when stderr is a terminal: live progress redraws one line */
  interactive: boolean
  /** asks a yes/no question on a terminal; absent when nobody can answer (CI, pipes) */
  confirm?: (question: string) => Promise<boolean>
}

async function confirmOnTty(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises')
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim())
  } finally {
    rl.close()
  }
}

export const processIo: Io = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  interactive: Boolean(process.stderr.isTTY),
  ...(process.stdin.isTTY && process.stderr.isTTY ? { confirm: confirmOnTty } : {}),
}

/** Exit codes, as documented: 0 passed, 1 a threshold failed, 2 invalid input or error. */
export const EXIT = { ok: 0, failed: 1, error: 2 } as const
