/**
 * The sandboxed preload: exposes exactly the typed API as `window.perfdesk`, one function per
 * method bound to its own channel, plus the run-event subscription. No generic invoke.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  BRIDGE_INVOKE_PREFIX,
  BRIDGE_METHOD_NAMES,
  BRIDGE_RUN_EVENT,
  isBridgeMethod,
  type BridgeMethods,
  type PerfdeskBridge,
} from '@shared/bridge'
import type { RunEvent } from '@shared/events'
import type { ApiResult } from '@shared/wire'

function method(name: string): (input: unknown) => Promise<ApiResult<unknown>> {
  if (!isBridgeMethod(name)) throw new Error(`not an API method: ${name}`)
  const channel = BRIDGE_INVOKE_PREFIX + name
  // main answers in the shared envelope (ipc-handlers.ts); passed through unchanged
  return (input) => ipcRenderer.invoke(channel, input) as Promise<ApiResult<unknown>>
}

const methods = Object.fromEntries(
  BRIDGE_METHOD_NAMES.map((name) => [name, method(name)]),
) as unknown as BridgeMethods

const bridge: PerfdeskBridge = {
  methods: Object.freeze(methods),
  onRunEvent(listener: (event: RunEvent) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onRunEvent needs a function')
    const relay = (_event: IpcRendererEvent, runEvent: RunEvent): void => listener(runEvent)
    ipcRenderer.on(BRIDGE_RUN_EVENT, relay)
    return () => {
      ipcRenderer.removeListener(BRIDGE_RUN_EVENT, relay)
    }
  },
}

contextBridge.exposeInMainWorld('perfdesk', bridge)
