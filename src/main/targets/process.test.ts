import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { testTarget } from './index'
import { findOnPath, programOf } from './process'

describe('process target: Test connection', () => {
  it('a running pid: ok, with its command line', async () => {
    const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'marker-arg'], {
      stdio: 'ignore',
    })
    try {
      await new Promise((r) => setTimeout(r, 100))
      const r = await testTarget({ id: 'p', kind: 'process', pid: c.pid! })
      expect(r.ok).toBe(true)
      expect(r.details.pid).toBe(String(c.pid))
      expect(r.details.commandLine).toContain('marker-arg')
      expect(r.message).toContain('marker-arg')
    } finally {
      c.kill('SIGKILL')
    }
  })

  it('a pid that is not running: not ok, saying what to do', async () => {
    const r = await testTarget({ id: 'p', kind: 'process', pid: 2 ** 22 + 999 })
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(/no process with pid \d+ is running — start it/)
  })

  it('a command: its program found on PATH, or not', async () => {
    const ok = await testTarget({ id: 'p', kind: 'process', command: 'PORT=8080 sh -c "exit 0"' })
    expect(ok.ok).toBe(true)
    expect(ok.details.path).toMatch(/\/sh$/)
    const missing = await testTarget({
      id: 'p',
      kind: 'process',
      command: 'no-such-program-perfdesk --port 1',
    })
    expect(missing.ok).toBe(false)
    expect(missing.message).toMatch(/"no-such-program-perfdesk" is not on PATH/)
    const byPath = await testTarget({
      id: 'p',
      kind: 'process',
      command: `"${process.execPath}" x.js`,
    })
    expect(byPath.ok).toBe(true)
    expect(byPath.details.path).toBe(process.execPath)
  })

  it('reads the program of a command line', () => {
    expect(programOf('NODE_ENV=production node server.js')).toBe('node')
    expect(programOf("'/opt/my app/bin/srv' --flag")).toBe('/opt/my app/bin/srv')
    expect(programOf('   ')).toBeNull()
    expect(findOnPath('definitely-not-here', '/nonexistent')).toBeNull()
  })
})
