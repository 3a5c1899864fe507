import { ApiCallError } from '@shared/bridge'
import type { ApiError, ApiInput, ApiMethod, ApiOutput, PerfdeskApi, RunEvent } from '@shared/index'

type Reply =
  | { id: number; ok: true; output: unknown }
  | { id: number; ok: false; error: ApiError }
  | { event: RunEvent }

interface Pending {
  resolve(value: unknown): void
  reject(err: Error): void
}

export type ConnectionState = 'connecting' | 'open' | 'closed'

/**
 * The API over the `perfdesk serve` WebSocket: calls are JSON `{id, method, input}`, answers
 * `{id, ok, output | error}`, and run events are pushed as `{event}`. Reconnects by itself;
 * calls made while disconnected wait for the connection.
 */
export function createWsApi(
  url: string,
  onState: (state: ConnectionState) => void = () => {},
): PerfdeskApi {
  const listeners = new Set<(e: RunEvent) => void>()
  const pending = new Map<number, Pending>()
  const queue: string[] = []
  let nextId = 1
  let ws: WebSocket | null = null
  let retryMs = 250

  const connect = (): void => {
    onState('connecting')
    const socket = new WebSocket(url)
    ws = socket
    socket.onopen = () => {
      retryMs = 250
      onState('open')
      for (const m of queue.splice(0)) socket.send(m)
    }
    socket.onmessage = (msg) => {
      let data: Reply
      try {
        data = JSON.parse(String(msg.data)) as Reply
      } catch {
        return
      }
      if ('event' in data) {
        for (const l of listeners) l(data.event)
        return
      }
      const p = pending.get(data.id)
      if (!p) return
      pending.delete(data.id)
      if (data.ok) p.resolve(data.output)
      else p.reject(new ApiCallError(data.error))
    }
    socket.onclose = () => {
      onState('closed')
      ws = null
      // answers to calls in flight are lost with the socket
      for (const [id, p] of pending) {
        p.reject(
          new ApiCallError({
            code: 'failed',
            message: 'lost the connection to perfdesk serve; is it still running?',
            problems: [],
          }),
        )
        pending.delete(id)
      }
      setTimeout(connect, retryMs)
      retryMs = Math.min(retryMs * 2, 5000)
    }
  }
  connect()

  return {
    invoke<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
      const id = nextId++
      const text = JSON.stringify({ id, method, input })
      return new Promise<ApiOutput<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
        if (ws && ws.readyState === WebSocket.OPEN) ws.send(text)
        else queue.push(text)
      })
    },
    onRunEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
