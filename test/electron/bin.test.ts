/**
 * The `perfdesk` command: plain Node running out/main/cli.js, building it on first use.
 * Runs in a throwaway copy of the project so the real out/ is not touched.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '..', '..')
const version = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
).version

function projectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pd-bin-'))
  for (const f of [
    'bin',
    'src',
    'resources',
    'package.json',
    'tsconfig.json',
    'electron.vite.config.ts',
  ]) {
    if (existsSync(join(root, f))) cpSync(join(root, f), join(dir, f), { recursive: true })
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return dir
}

const perfdesk = (dir: string, args: string[]) =>
  spawnSync(process.execPath, [join(dir, 'bin', 'perfdesk.js'), ...args], {
    cwd: tmpdir(),
    encoding: 'utf8',
    timeout: 180_000,
  })

describe('bin/perfdesk.js', () => {
  const dir = projectCopy()

  it('builds the CLI on first use, keeping stdout for the command itself', () => {
    expect(existsSync(join(dir, 'out', 'main', 'cli.js'))).toBe(false)
    const r = perfdesk(dir, ['--version'])
    expect(r.stderr).toMatch(/first run, building \(electron-vite build\)/)
    expect(r.status).toBe(0)
    expect(r.stdout).toBe(`${version}\n`)
    expect(existsSync(join(dir, 'out', 'main', 'cli.js'))).toBe(true)
  }, 200_000)

  it('runs without rebuilding afterwards and passes the exit code through', () => {
    const ok = perfdesk(dir, ['--version'])
    expect(ok.stderr).not.toMatch(/building/)
    expect(ok.stdout).toBe(`${version}\n`)
    const bad = perfdesk(dir, ['no-such-command'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/unknown command "no-such-command"/)
    expect(bad.stdout).toBe('')
  })
})
