/** A throw-away nginx (one worker, pinned to a core) serving a small file, for the bench. */
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { which } from './lib'

export interface PinnedServer {
  url: string
  /** the process that serves (nginx's worker), for its CPU time */
  pid: number
  what: string
  close(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

/** nginx with one worker on `core`, or null when nginx or taskset is not installed. */
export async function startNginx(core: number): Promise<PinnedServer | null> {
  const nginx = which('nginx') ?? (which('/usr/sbin/nginx') ? '/usr/sbin/nginx' : null)
  if (!nginx || !which('taskset')) return null
  const dir = mkdtempSync(join(tmpdir(), 'perfdesk-bench-nginx-'))
  mkdirSync(join(dir, 'logs'))
  writeFileSync(join(dir, 'index.html'), 'hello world\n')
  const port = await freePort()
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `${t}_temp_path ${dir}/${t};`)
    .join(' ')
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/logs/error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 10000000; ${temp}
  server { listen 127.0.0.1:${port}; root ${dir}; } }
`,
  )
  const master = spawn(
    'taskset',
    ['-c', String(core), nginx, '-c', join(dir, 'nginx.conf'), '-p', dir],
    {
      stdio: 'ignore',
    },
  )
  let worker = 0
  for (let i = 0; i < 50 && !worker; i++) {
    await new Promise((r) => setTimeout(r, 100))
    try {
      worker = Number(
        execFileSync('pgrep', ['-P', String(master.pid)])
          .toString()
          .trim()
          .split('\n')[0],
      )
    } catch {
      // not up yet
    }
  }
  if (!worker) {
    master.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    return null
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: worker,
    what: `nginx (1 worker, static 12-byte file) on core ${core}`,
    close: async () => {
      const exited = new Promise((r) => master.once('exit', r))
      master.kill('SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
