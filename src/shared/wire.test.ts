import { describe, expect, it } from 'vitest'
import { ApiResultSchema, ServerMessageSchema, WireCallSchema } from './wire'

const error = { code: 'not-found', message: 'there is no run "x"', problems: [] }

describe('the wire envelope', () => {
  it('reads a call and refuses one with fields it does not know', () => {
    expect(WireCallSchema.parse({ id: 1, method: 'runs.get', input: { runId: 'x' } })).toEqual({
      id: 1,
      method: 'runs.get',
      input: { runId: 'x' },
    })
    expect(WireCallSchema.safeParse({ id: 1, method: 'runs.get', extra: 1 }).success).toBe(false)
    expect(WireCallSchema.safeParse({ id: -1, method: 'runs.get' }).success).toBe(false)
  })

  it('names the answer `value` on IPC and on the WebSocket alike', () => {
    expect(ApiResultSchema.parse({ ok: true, value: 3 })).toEqual({ ok: true, value: 3 })
    expect(ServerMessageSchema.parse({ id: 7, ok: true, value: 3 })).toEqual({
      id: 7,
      ok: true,
      value: 3,
    })
    // the WebSocket's old name is refused rather than read as an empty answer
    expect(ServerMessageSchema.safeParse({ id: 7, ok: true, output: 3 }).success).toBe(false)
    expect(ApiResultSchema.safeParse({ ok: true, output: 3 }).success).toBe(false)
  })

  it('carries errors as data, with a null id when the call could not be read', () => {
    expect(ServerMessageSchema.parse({ id: null, ok: false, error })).toEqual({
      id: null,
      ok: false,
      error,
    })
    expect(ServerMessageSchema.safeParse({ id: 1, ok: false, error: 'boom' }).success).toBe(false)
  })

  it('checks pushed run events against the event schema', () => {
    const event = { type: 'run-finished', runId: 'r1', status: 'passed' }
    expect(ServerMessageSchema.parse({ event })).toEqual({ event })
    expect(ServerMessageSchema.safeParse({ event: { type: 'nope' } }).success).toBe(false)
  })
})
