import { execFile } from 'node:child_process'

/**
 * Where there is no /proc (macOS, the BSDs): `ps -o %cpu=,rss= -p PID`. ps's %cpu is the
 * kernel's decaying average rather than the exact share of the last second, and rss is in KiB.
 */
export function psSample(pid: number): Promise<{ cpuPct: number; rssBytes: number } | null> {
  return new Promise((resolve, reject) => {
    execFile(
      'ps',
      ['-o', '%cpu=,rss=', '-p', String(pid)],
      { timeout: 2000, env: { ...process.env, LC_ALL: 'C' } },
      (err, stdout) => {
        const line = stdout.trim()
        // ps exits 1 with no output when the process is gone
        if (!line) {
          if (err && (err as { code?: unknown }).code === 'ENOENT')
            reject(new Error('cannot run "ps" to read the process'))
          else resolve(null)
          return
        }
        const [cpu, rss] = line.split(/\s+/).map(Number)
        if (cpu === undefined || rss === undefined || !Number.isFinite(cpu + rss)) resolve(null)
        else resolve({ cpuPct: cpu, rssBytes: rss * 1024 })
      },
    )
  })
}

/** Monitoring needs /proc (Linux) or ps (macOS and other Unixes); Windows has neither. */
export function platformSupport():
  { ok: true; source: 'procfs' | 'ps' } | { ok: false; why: string } {
  if (process.platform === 'linux') return { ok: true, source: 'procfs' }
  if (process.platform === 'win32')
    return {
      ok: false,
      why: 'process monitoring is not supported on Windows yet; remove "monitor" from the plan or run it on Linux or macOS',
    }
  return { ok: true, source: 'ps' }
}
