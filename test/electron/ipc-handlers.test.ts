import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { apiMethodNames, ApiResultSchema, type ApiMethod } from '@shared/index'
import {
  createIpcHandler,
  createIpcHandlers,
  ipcChannel,
} from '../../src/main/electron/ipc-handlers'
import { ApiFailure } from '../../src/main/api/errors'

const rendererDir = join('/opt', 'perfdesk', 'out', 'renderer')
const origin = { rendererDir }
const ours = { url: 'app://perfdesk/index.html', isMainFrame: true }

function recorder(result: (method: ApiMethod, input: unknown) => unknown = () => ({ fine: true })) {
  const calls: Array<[ApiMethod, unknown]> = []
  const logs: string[] = []
  const deps = {
    origin,
    log: (m: string) => logs.push(m),
    dispatch: async (method: ApiMethod, input: unknown) => {
      calls.push([method, input])
      return result(method, input)
    },
  }
  return { calls, logs, deps }
}

describe('IPC handlers', () => {
  it('registers one channel per API method, named perfdesk:<method>', () => {
    const handlers = createIpcHandlers(recorder().deps)
    expect([...handlers.keys()].sort()).toEqual(apiMethodNames.map((m) => `perfdesk:${m}`).sort())
    expect(ipcChannel('runs.get')).toBe('perfdesk:runs.get')
  })

  it('passes validated input to the dispatcher and wraps the output', async () => {
    const { calls, deps } = recorder(() => ({ ok: true }))
    const handle = createIpcHandler('runs.cancel', deps)
    const result = await handle(ours, { runId: 'r1' })
    expect(result).toEqual({ ok: true, value: { ok: true } })
    // the same envelope the serve WebSocket uses (without its id)
    expect(ApiResultSchema.parse(result)).toEqual(result)
    expect(calls).toEqual([['runs.cancel', { runId: 'r1' }]])
  })

  it('applies schema defaults before dispatching', async () => {
    const { calls, deps } = recorder(() => [])
    await createIpcHandler('runs.list', deps)(ours, {})
    expect(calls[0]?.[1]).toEqual({ limit: 200 })
  })

  it('refuses a foreign sender without calling the dispatcher', async () => {
    const { calls, logs, deps } = recorder()
    const handle = createIpcHandler('runs.delete', deps)
    for (const sender of [
      { url: 'https://evil.example/', isMainFrame: true },
      { url: ours.url, isMainFrame: false },
      null,
    ]) {
      const r = await handle(sender, { runId: 'r1' })
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error.message).toMatch(/did not come from the PerfDesk window/)
    }
    expect(calls).toEqual([])
    expect(logs).toHaveLength(3)
  })

  it('rejects bad input naming the field, without calling the dispatcher', async () => {
    const { calls, deps } = recorder()
    const r = await createIpcHandler('runs.export', deps)(ours, {
      runId: 'r1',
      format: 'docx',
      extra: 1,
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('invalid-input')
    const paths = r.error.problems.map((p) => p.path)
    expect(paths).toContain('format')
    expect(r.error.message).toMatch(/format/)
    expect(calls).toEqual([])
  })

  it('turns dispatcher errors into data without a stack trace', async () => {
    const notFound = createIpcHandler(
      'runs.get',
      recorder(() => {
        throw new ApiFailure('not-found', 'no run with id "zz"')
      }).deps,
    )
    expect(await notFound(ours, { runId: 'zz' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no run with id "zz"', problems: [] },
    })
    const { logs, deps } = recorder(() => {
      throw new Error('disk on fire')
    })
    const r = await createIpcHandler('plans.list', deps)(ours, {})
    expect(r).toEqual({
      ok: false,
      error: { code: 'failed', message: 'disk on fire', problems: [] },
    })
    expect(JSON.stringify(r)).not.toMatch(/at .*\.ts/)
    // the stack goes to the log for whoever debugs it, not to the page
    expect(logs.join('\n')).toMatch(/plans.list failed: Error: disk on fire/)
  })
})
