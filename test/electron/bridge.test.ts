import { describe, expect, it } from 'vitest'
import { apiMethodNames, IPC_INVOKE_PREFIX, IPC_RUN_EVENT, type RunEvent } from '@shared/index'
import {
  ApiCallError,
  apiFromBridge,
  BRIDGE_INVOKE_PREFIX,
  BRIDGE_METHOD_NAMES,
  BRIDGE_RUN_EVENT,
  isBridgeMethod,
  type BridgeMethods,
  type PerfdeskBridge,
} from '@shared/bridge'

describe('the bridge contract', () => {
  it('lists exactly the API methods and the same channels', () => {
    expect([...BRIDGE_METHOD_NAMES].sort()).toEqual([...apiMethodNames].sort())
    expect(BRIDGE_INVOKE_PREFIX).toBe(IPC_INVOKE_PREFIX)
    expect(BRIDGE_RUN_EVENT).toBe(IPC_RUN_EVENT)
  })

  it('knows its method names and nothing else', () => {
    expect(isBridgeMethod('runs.get')).toBe(true)
    for (const name of [
      'toString',
      '__proto__',
      'constructor',
      'runs',
      'run-event',
      '',
      42,
      null,
    ]) {
      expect(isBridgeMethod(name), String(name)).toBe(false)
    }
  })
})

describe('apiFromBridge', () => {
  const events: Array<(e: RunEvent) => void> = []
  const methods = {
    'runs.cancel': async ({ runId }: { runId: string }) => ({
      ok: true as const,
      value: { ok: runId === 'r1' },
    }),
    'runs.get': async () => ({
      ok: false as const,
      error: { code: 'not-found' as const, message: 'no run with id "x"', problems: [] },
    }),
    'plans.save': async () => ({
      ok: false as const,
      error: {
        code: 'invalid-input' as const,
        message: 'bad',
        problems: [{ path: 'plan.name', message: 'give the plan a name' }],
      },
    }),
  } as unknown as BridgeMethods
  const bridge: PerfdeskBridge = {
    methods,
    onRunEvent(l) {
      events.push(l)
      return () => events.splice(events.indexOf(l), 1)
    },
  }
  const api = apiFromBridge(bridge)

  it('returns the value of a successful call', async () => {
    expect(await api.invoke('runs.cancel', { runId: 'r1' })).toEqual({ ok: true })
  })

  it('throws ApiCallError with the code and field problems', async () => {
    await expect(api.invoke('runs.get', { runId: 'x' })).rejects.toMatchObject({
      code: 'not-found',
      message: 'no run with id "x"',
    })
    const err = await api.invoke('plans.save', { plan: {} as never }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiCallError)
    expect((err as ApiCallError).problems).toEqual([
      { path: 'plan.name', message: 'give the plan a name' },
    ])
  })

  it('refuses names that are not API methods', async () => {
    await expect(api.invoke('toString' as never, {} as never)).rejects.toThrow(/unknown API method/)
  })

  it('passes run-event subscriptions through', () => {
    const off = api.onRunEvent(() => {})
    expect(events).toHaveLength(1)
    off()
    expect(events).toHaveLength(0)
  })
})
