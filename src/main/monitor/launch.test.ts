import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LaunchedCommand } from './launch'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const linux = process.platform === 'linux'

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

/** pids of the watchdogs that guard the process group `pgid` */
function watchdogsOf(pgid: number): number[] {
  const out: number[] = []
  for (const n of readdirSync('/proc')) {
    if (!/^\d+$/.test(n)) continue
    try {
      const argv = readFileSync(`/proc/${n}/cmdline`, 'utf8').split('\0')
      if (argv.includes('perfdesk-watchdog') && argv.includes(String(pgid))) out.push(Number(n))
    } catch {
      // gone meanwhile
    }
  }
  return out
}

const idle = `${JSON.stringify(process.execPath)} -e "setInterval(() => {}, 1000)"`

describe.runIf(linux)('a started command when PerfDesk dies', () => {
  it('is stopped within a few seconds of PerfDesk being killed with SIGKILL', async () => {
    const code = `
      const { LaunchedCommand } = await import(${JSON.stringify(resolve('src/main/monitor/launch.ts'))})
      const c = new LaunchedCommand(${JSON.stringify(idle)})
      setTimeout(() => console.log(String(c.pid)), 300)
      setInterval(() => {}, 1000)
    `
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    parent.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const pgid = await new Promise<number>((res, rej) => {
      parent.stdout.once('data', (d: Buffer) => res(Number(d.toString().trim())))
      parent.on('exit', () => rej(new Error(`parent exited early: ${stderr}`)))
    })
    const exited = new Promise((r) => parent.on('exit', r))
    try {
      expect(groupAlive(pgid)).toBe(true)
      expect(watchdogsOf(pgid)).toHaveLength(1)
      parent.kill('SIGKILL')
      await exited
      const killedAt = Date.now()
      while (groupAlive(pgid) && Date.now() - killedAt < 6000) await sleep(50)
      const took = Date.now() - killedAt
      console.log(`the command's group ended ${took} ms after PerfDesk was killed`)
      expect(groupAlive(pgid)).toBe(false)
      // and the watchdog is gone with it
      await sleep(300)
      expect(watchdogsOf(pgid)).toEqual([])
    } finally {
      if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL')
    }
  })

  it('a normal stop ends the watchdog too', async () => {
    const c = new LaunchedCommand(idle)
    await sleep(300)
    expect(watchdogsOf(c.pid)).toHaveLength(1)
    expect(await c.stop()).toBe('terminated')
    await sleep(300)
    expect(watchdogsOf(c.pid)).toEqual([])
  })
})
