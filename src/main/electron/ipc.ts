import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import type { IpcHandler } from './ipc-handlers'
import type { SenderFrame } from './security'

/** What we know of the frame behind an invoke; null when it has gone away. */
function senderOf(event: IpcMainInvokeEvent): SenderFrame | null {
  const frame = event.senderFrame
  if (!frame) return null
  return { url: frame.url, isMainFrame: frame.parent === null }
}

/** One ipcMain.handle per API method; returns a function that removes them all. */
export function registerIpcHandlers(
  ipcMain: IpcMain,
  handlers: ReadonlyMap<string, IpcHandler>,
): () => void {
  for (const [channel, handle] of handlers) {
    ipcMain.handle(channel, (event, input: unknown) => handle(senderOf(event), input))
  }
  return () => {
    for (const channel of handlers.keys()) ipcMain.removeHandler(channel)
  }
}
