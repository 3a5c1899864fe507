import { create } from 'zustand'
import { apiFromBridge } from '@shared/bridge'
import type { ApiInput, ApiMethod, ApiOutput, ExportedFile, PerfdeskApi } from '@shared/index'
import { createWsApi, type ConnectionState } from './ws-client'

export { ApiCallError } from '@shared/bridge'

export const useConnection = create<{ state: ConnectionState }>(() => ({ state: 'connecting' }))

/** In the browser a file is saved as a download; the desktop app shows a save dialog instead. */
function downloadFile(file: ExportedFile): { saved: boolean } {
  const bytes =
    file.encoding === 'base64'
      ? Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0))
      : file.data
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return { saved: true }
}

function wsUrl(): string {
  const token = new URLSearchParams(location.search).get('token')
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  // without a token in the address (a route opened in a new tab) the session cookie carries it
  return `${scheme}://${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`
}

function connect(): PerfdeskApi {
  if (window.perfdesk) {
    useConnection.setState({ state: 'open' })
    return apiFromBridge(window.perfdesk)
  }
  const ws = createWsApi(wsUrl(), (state) => useConnection.setState({ state }))
  return {
    invoke<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
      if (method === 'files.save') {
        return Promise.resolve(downloadFile(input as ExportedFile) as ApiOutput<M>)
      }
      return ws.invoke(method, input)
    },
    onRunEvent: (l) => ws.onRunEvent(l),
  }
}

/** Electron preload bridge when there is one, else the serve WebSocket. */
export const isDesktop = typeof window !== 'undefined' && window.perfdesk !== undefined
export const api: PerfdeskApi = connect()

export const call = <M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> =>
  api.invoke(method, input)
