import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN } from '../cli/run-cli'
import { launchBrowser, type Browser } from './harness'

/** `perfdesk serve` as a user starts it; resolves with the address it prints. */
function serve(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 30_000)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const url = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out)?.[1]
      if (url) {
        clearTimeout(timer)
        resolve({ child, url })
      }
    })
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)))
  })
}

const stop = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGINT')
  })

/**
 * Issue 12 point 2: in the browser, a saved password is still there after `perfdesk serve`
 * restarts with the same history, the field says so, and a connection test sends it. Before
 * serve kept its secrets in a file, they lived in memory: the field said "stored securely" and
 * the test after a restart went without the password (401).
 */
describe('a password saved in the browser survives a restart of perfdesk serve', () => {
  const password = `pw-${Math.random().toString(36).slice(2)}`
  let api: Server
  let apiUrl = ''
  const seen: string[] = []
  let dir: string
  let browser: Browser | undefined
  const children: ChildProcess[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perfdesk-serve-restart-'))
    // answers 200 to the right Basic credentials only
    const expected = `Basic ${Buffer.from(`tester:${password}`).toString('base64')}`
    api = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '')
      res.writeHead(req.headers.authorization === expected ? 200 : 401).end('ok')
    })
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r))
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await browser?.close()
    for (const c of children) await stop(c)
    await new Promise((r) => api?.close(r))
    rmSync(dir, { recursive: true, force: true })
  })

  it(
    'says "stored" after the restart, and the connection test still authenticates',
    {
      timeout: 120_000,
    },
    async () => {
      const db = join(dir, 'history.db')
      const first = await serve(db)
      children.push(first.child)
      browser = await launchBrowser()
      const { page, errors } = browser
      await page.goto(`${first.url}#/targets/new`)
      await page.getByLabel('Name', { exact: true }).fill('Private API')
      await page.getByLabel('Base URL', { exact: true }).fill(apiUrl)
      await page.getByRole('button', { name: 'Basic', exact: true }).click()
      await page.getByLabel('Username', { exact: true }).fill('tester')
      await page.locator('input[name="secret"]').fill(password)
      await page.getByRole('button', { name: 'Save target' }).click()
      await page.getByRole('heading', { name: 'Edit Private API' }).waitFor({ timeout: 15_000 })
      await stop(first.child)

      // the same history, a new serve process (and a new token)
      const second = await serve(db)
      children.push(second.child)
      await page.goto(`${second.url}#/targets/private-api`)
      await page.getByRole('heading', { name: 'Edit Private API' }).waitFor({ timeout: 15_000 })
      const field = page.locator('input[name="secret"]')
      expect(await field.inputValue()).toBe('')
      expect(await field.getAttribute('placeholder')).toBe('••••••••')
      const hint = page.locator('.field', { has: field })
      expect(await hint.textContent()).toContain('stored securely; type to replace')

      seen.length = 0
      await page.getByRole('button', { name: 'Test connection' }).click()
      const result = page.getByTestId('test-result')
      await result.waitFor({ timeout: 15_000 })
      expect(await result.textContent()).toContain('200')
      expect(seen.at(-1)).toBe(`Basic ${Buffer.from(`tester:${password}`).toString('base64')}`)
      // the page's reconnect attempts while serve was down are expected; nothing else
      expect(errors.filter((e) => !e.includes('ERR_CONNECTION_REFUSED'))).toEqual([])
    },
  )
})
