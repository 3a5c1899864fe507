import { ApiCallError } from '@shared/bridge'
import {
  ServerMessageSchema,
  type ApiInput,
  type ApiMethod,
  type ApiOutput,
  type PerfdeskApi,
  type RunEvent,
  type WireCall,
} from '@shared/index'

interface Pending {
  resolve(value: unknown): void
  reject(err: Error): void
}

export type ConnectionState = 'connecting' | 'open' | 'closed'

/**
 * The API over the `perfdesk serve` WebSocket, in the envelope of `@shared/wire`: calls are
 * `{id, method, input}`, answers `{id, ok, value | error}`, and run events are pushed as `{event}`. Reconnects by itself;
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
      let json: unknown
      try {
        json = JSON.parse(String(msg.data))
      } catch {
        json = undefined
      }
      const parsed = ServerMessageSchema.safeParse(json)
      if (!parsed.success) {
        // a server of another version, most likely: say so rather than hang the call
        console.error('perfdesk serve sent a message this page does not understand', parsed.error)
        return
      }
      const data = parsed.data
      if ('event' in data) {
        for (const l of listeners) l(data.event)
        return
      }
      if (typeof data.id !== 'number') return
      const p = pending.get(data.id)
      if (!p) return
      pending.delete(data.id)
      if (data.ok) p.resolve(data.value)
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
      const text = JSON.stringify({ id, method, input } satisfies WireCall)
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
