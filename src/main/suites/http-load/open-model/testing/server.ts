import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface ServerProcessOptions {
  delayMs?: number
  /** a delay per path (query ignored), over delayMs */
  routeDelays?: Record<string, number>
  stall?: { everyMs: number; forMs: number }
  concurrency?: number
  serviceMs?: number
  record?: boolean
  /** a bare TCP server stamping arrivals on 'data' (GET/HEAD only; with delayMs at most) */
  raw?: boolean
}

export interface ServerProcessStats {
  requests: number
  /** arrival times on the system's monotonic clock (process.hrtime), ms */
  arrivals: number[]
  /** [start, end] of each freeze, same clock */
  freezes: [number, number][]
  maxActive: number
}

export interface ServerProcess {
  url: string
  port: number
  pid: number
  stats(): Promise<ServerProcessStats>
  reset(): void
  close(): Promise<void>
}

export const serverScript = fileURLToPath(new URL('./server-process.mjs', import.meta.url))

/** Starts a test HTTP server in a child process on 127.0.0.1 (see server-process.mjs). */
export async function startServerProcess(opts: ServerProcessOptions = {}): Promise<ServerProcess> {
  const child: ChildProcess = fork(serverScript, [JSON.stringify(opts)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [],
  })
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('test server did not start in 10 s')), 10_000)
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`test server exited with ${String(code)}`)))
    child.on('message', (m: { type?: string; port?: number }) => {
      if (m.type === 'ready' && typeof m.port === 'number') {
        clearTimeout(timer)
        resolve(m.port)
      }
    })
  })
  child.removeAllListeners('exit')
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? 0,
    stats: () =>
      new Promise<ServerProcessStats>((resolve) => {
        const onMsg = (m: { type?: string } & ServerProcessStats): void => {
          if (m.type !== 'stats') return
          child.off('message', onMsg)
          resolve(m)
        }
        child.on('message', onMsg)
        child.send({ type: 'stats' })
      }),
    reset: () => child.send({ type: 'reset' }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
