import { BrowserWindow, shell, type Session, type WebContents } from 'electron'
import {
  APP_INDEX_URL,
  isPermissionAllowed,
  isRendererUrl,
  isSafeExternalUrl,
  withContentSecurityPolicy,
  type RendererOrigin,
} from './security'

export interface WindowPaths {
  preload: string
  origin: RendererOrigin
}

/** Session-wide rules: the CSP on our pages, and no permission (camera, notifications …). */
export function hardenSession(ses: Session, origin: RendererOrigin): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.url, details.responseHeaders) })
  })
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl || contents.getURL(), origin))
  })
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin, origin),
  )
  ses.setDevicePermissionHandler(() => false)
}

/** The page never navigates away or opens windows; plain web links go to the user's browser. */
export function hardenWebContents(contents: WebContents, origin: RendererOrigin): void {
  contents.on('will-navigate', (event, url) => {
    if (isRendererUrl(url, origin)) return
    event.preventDefault()
    openExternally(url)
  })
  contents.on('will-redirect', (event, url) => {
    if (!isRendererUrl(url, origin)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return { action: 'deny' }
  })
}

function openExternally(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url)
}

export function createMainWindow(
  paths: WindowPaths,
  options: { dev: boolean; devServerUrl?: string },
): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'PerfDesk',
    backgroundColor: '#111418',
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: options.dev,
    },
  })
  hardenWebContents(win.webContents, paths.origin)
  win.once('ready-to-show', () => win.show())
  if (options.devServerUrl) void win.loadURL(options.devServerUrl)
  // served by the app:// handler (app-protocol.ts), not from file://
  else void win.loadURL(APP_INDEX_URL)
  return win
}
