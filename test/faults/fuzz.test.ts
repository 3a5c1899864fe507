import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { apiMethodNames } from '@shared/index'
import { createApi, createRunExporter } from '../../src/main/api'
import { createIpcHandlers } from '../../src/main/electron/ipc-handlers'
import { seededRandom } from '../../src/main/suites/common/random'
import { testTarget } from '../../src/main/targets'
import { buildRenderer, startApp, type App } from '../e2e/harness'

/**
 * Malformed messages against `perfdesk serve`'s WebSocket and the IPC handler layer: random
 * JSON, wrong types, huge strings, unknown methods. The server stays up, every reply is an
 * error object, and no secret placed in a message comes back.
 */
const COUNT = 10_000
const SECRET = `fuzz-secret-${process.pid}-Zq`
const rnd = seededRandom(20261201)
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
const word = (): string =>
  Math.random()
    .toString(36)
    .slice(2, 2 + Math.floor(rnd() * 10))

/** Any JSON value, with the secret hidden in some strings. */
function randomJson(depth = 0): unknown {
  const r = rnd()
  if (depth > 3 || r < 0.3)
    return pick([
      () => Math.floor(rnd() * 1e9) - 5e8,
      () => rnd(),
      () => word(),
      () => SECRET,
      () => true,
      () => '',
      () => 'x'.repeat(Math.floor(rnd() * 50_000)),
      () => '\u0000\ud800💥',
    ])()
  if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 5) }, () => randomJson(depth + 1))
  const o: Record<string, unknown> = {}
  for (let i = 0; i < rnd() * 5; i++)
    o[pick(['id', 'kind', 'password', 'plan', 'runId', 'token', '__proto__', word()])] = randomJson(
      depth + 1,
    )
  return o
}

/** An input no method accepts: never an object (undefined and null would mean "{}"). */
const wrongInput = (): unknown =>
  pick([
    () => Math.floor(rnd() * 100),
    () => SECRET,
    () => [randomJson()],
    () => true,
    () => 'x'.repeat(100_000),
  ])()

/** A target that fails validation somewhere other than its password. */
const badTarget = (): unknown => ({
  id: pick(['', '-bad', 'ok']),
  kind: pick(['postgres', 'http', 'nope']),
  password: SECRET,
  baseUrl: `ftp://u:${SECRET}@h`,
  port: 'seventy',
})

function malformedWsMessage(i: number): string | Buffer {
  switch (i % 8) {
    case 0:
      return `{"id": ${i}, "method": "runs.get", "input": {` // broken JSON
    case 1:
      return JSON.stringify(randomJson()) // random JSON
    case 2:
      return JSON.stringify({ id: i, method: `no.such.${word()}`, input: randomJson() })
    case 3:
      return JSON.stringify({ id: i, method: pick(apiMethodNames), input: wrongInput() })
    case 4:
      return JSON.stringify({
        id: i,
        method: pick(['targets.save', 'targets.test']),
        input: badTarget(),
      })
    case 5:
      return JSON.stringify({ id: { nested: SECRET }, method: 7, input: SECRET }) // wrong types
    case 6:
      return JSON.stringify({ id: i, method: 'x'.repeat(300), input: 'y'.repeat(300_000) }) // huge
    default:
      return Buffer.from([0xff, 0xfe, 0x00, i & 0xff]) // binary
  }
}

let staticDir: string
let app: App

beforeAll(async () => {
  staticDir = await buildRenderer()
  app = await startApp(staticDir)
}, 120_000)
afterAll(async () => {
  await app?.close()
  rmSync(staticDir, { recursive: true, force: true })
})

describe('fuzzing the message boundaries', () => {
  it(`${COUNT} malformed WebSocket messages: every reply an error, no secret echoed, server up`, async () => {
    const url = new URL(app.serve.url)
    const ws = new WebSocket(`ws://${url.host}/ws?token=${app.serve.token}`, {
      headers: { origin: `http://${url.host}` },
    })
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    const replies: string[] = []
    let waiting: (() => void) | null = null
    ws.on('message', (d) => {
      replies.push(d.toString())
      waiting?.()
    })
    let closed = false
    ws.on('close', () => (closed = true))
    for (let i = 0; i < COUNT; i++) {
      const before = replies.length
      const reply = new Promise<void>((resolve) => (waiting = resolve))
      ws.send(malformedWsMessage(i))
      await reply
      expect(replies.length).toBe(before + 1)
    }
    expect(closed).toBe(false)
    let errors = 0
    for (const text of replies) {
      const msg = JSON.parse(text) as {
        id?: unknown
        ok: boolean
        error?: { code: string; message: string }
      }
      // the id is the caller's own correlation value, echoed by design; the rest must not echo
      expect(JSON.stringify({ ...msg, id: null })).not.toContain(SECRET)
      expect(msg.ok, text.slice(0, 300)).toBe(false)
      expect(typeof msg.error?.message).toBe('string')
      expect(['invalid-input', 'not-found', 'failed']).toContain(msg.error?.code)
      errors++
    }
    expect(errors).toBe(COUNT)
    // still serving: a valid call answers
    const ok = new Promise<string>((resolve) => (waiting = () => resolve(replies.at(-1)!)))
    ws.send(JSON.stringify({ id: 'last', method: 'app.info' }))
    expect(JSON.parse(await ok)).toMatchObject({ id: 'last', ok: true })
    ws.close()
    console.log(`fuzz: ${COUNT} WebSocket messages, ${errors} error replies, 0 secrets echoed`)
  }, 300_000)

  it(`${COUNT} malformed IPC calls: every answer an error object, no secret echoed`, async () => {
    const api = createApi({
      engine: app.engine,
      store: app.store,
      secrets: { put: () => 'sec_x', get: () => null, delete: () => false },
      testTarget,
      exportRun: createRunExporter(),
      mode: 'electron',
      version: 'fuzz',
    })
    const origin = { rendererDir: '/nonexistent/renderer' }
    const handlers = createIpcHandlers({ dispatch: (m, i) => api.dispatch(m, i), origin })
    const ours = { url: 'app://perfdesk/index.html', isMainFrame: true }
    const senders = [ours, ours, ours, { url: 'https://evil.example/', isMainFrame: true }, null]
    const channels = [...handlers.keys()]
    let errors = 0
    for (let i = 0; i < COUNT; i++) {
      const handler = handlers.get(pick(channels))!
      const input = i % 3 === 0 ? badTarget() : wrongInput()
      const r = await handler(pick(senders), input)
      expect(r.ok).toBe(false)
      const text = JSON.stringify(r)
      expect(text).not.toContain(SECRET)
      if (!r.ok) expect(typeof r.error.message).toBe('string')
      errors++
    }
    expect(errors).toBe(COUNT)
    // the layer still answers a good call
    expect(await handlers.get('perfdesk:app.info')!(ours, {})).toMatchObject({ ok: true })
    console.log(`fuzz: ${COUNT} IPC calls, ${errors} error answers, 0 secrets echoed`)
  }, 300_000)
})
