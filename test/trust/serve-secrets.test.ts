import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { runCli } from '../cli/run-cli'
import { localPostgres } from '../fixtures/targets'

const dir = mkdtempSync(join(tmpdir(), 'perfdesk-serve-secrets-'))
const PASSWORD = `serve-pw-${process.pid}-${Date.now()}`

/** Starts `perfdesk serve`, returns its URL and a way to call its API over the WebSocket. */
async function serve(): Promise<{
  call: (method: string, input: unknown) => Promise<{ ok: boolean; value?: unknown }>
  stop: () => Promise<void>
}> {
  const child = runCli(['serve', '--port', '0', '--db', join(dir, 'history.db')])
  const url = await new Promise<URL>((resolve, reject) => {
    let out = ''
    child.child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(out)
      if (m) resolve(new URL(m[0]))
    })
    child.child.on('exit', (code) => reject(new Error(`serve exited ${code}`)))
  })
  const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, {
    headers: { origin: `http://${url.host}` },
  })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  let next = 1
  const call = (method: string, input: unknown) =>
    new Promise<{ ok: boolean; value?: unknown }>((resolve) => {
      const id = next++
      const onMessage = (data: WebSocket.RawData): void => {
        const msg = JSON.parse(data.toString()) as { id?: number; ok: boolean; value?: unknown }
        if (msg.id === id) {
          ws.off('message', onMessage)
          resolve(msg)
        }
      }
      ws.on('message', onMessage)
      ws.send(JSON.stringify({ id, method, input }))
    })
  return {
    call,
    async stop() {
      ws.close()
      child.child.kill('SIGTERM')
      await child
    },
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('perfdesk serve keeps secrets across restarts, encrypted', () => {
  it('a saved password is still there and works after a restart; no plaintext on disk', async () => {
    const first = await serve()
    const info = await first.call('app.info', {})
    expect((info.value as { secretStorage: string }).secretStorage).toBe('encryptedFile')
    const saved = await first.call('targets.save', { ...localPostgres('db'), password: PASSWORD })
    expect(saved.ok).toBe(true)
    expect((saved.value as { password: unknown }).password).toHaveProperty('secretRef')
    await first.stop()

    const second = await serve()
    const listed = await second.call('targets.list', {})
    const target = (listed.value as { id: string }[]).find((t) => t.id === 'db')!
    const tested = await second.call('targets.test', target)
    // the connection test resolves the stored secret; a lost one says "not stored on this machine"
    expect(tested.value).toMatchObject({ ok: true })
    await second.stop()

    for (const f of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, f))
      expect(bytes.toString('latin1'), f).not.toContain(PASSWORD)
      expect(bytes.toString('base64'), f).not.toContain(Buffer.from(PASSWORD).toString('base64'))
    }
    expect(statSync(join(dir, 'serve-secrets.key')).mode & 0o777).toBe(0o600)
    expect(statSync(join(dir, 'serve-secrets.json')).mode & 0o777).toBe(0o600)
  }, 60_000)
})
