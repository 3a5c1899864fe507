/**
 * The desktop shell: one hardened window, the API over IPC, menus, and the app's lifecycle.
 * Everything that is not Electron-specific lives in the engine, the store and the API.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { IPC_RUN_EVENT, type ExportedFile, type RunEvent } from '@shared/index'
import { createApi, createRunExporter } from '../api'
import { Engine } from '../engine'
import { renderHtml, renderPdf } from '../report'
import { userDataDir } from '../store/paths'
import { openAppHistory } from './history'
import { startupSweep } from '../suites/redis/sweep'
import { testTarget } from '../targets'
import { saveFileWithDialog } from './files'
import { createIpcHandlers } from './ipc-handlers'
import { registerIpcHandlers } from './ipc'
import { registerAppScheme, serveAppScheme } from './app-protocol'
import { buildAppMenu } from './menu'
import { findElectronBinding } from './native-binding'
import { createAppSecretBox } from './safe-storage-box'
import type { RendererOrigin } from './security'
import { createMainWindow, hardenSession, hardenWebContents } from './window'

const mainDir = dirname(fileURLToPath(import.meta.url))
const dev = !app.isPackaged && Boolean(process.env.ELECTRON_RENDERER_URL)
const origin: RendererOrigin = {
  rendererDir: join(mainDir, '..', 'renderer'),
  ...(dev ? { devServerUrl: process.env.ELECTRON_RENDERER_URL } : {}),
}

let mainWindow: BrowserWindow | null = null

function log(message: string): void {
  console.error(`perfdesk: ${message}`)
}

/** Thrown after the user has been told why the app cannot start. */
class StartupAborted extends Error {}

function fail(title: string, err: unknown): never {
  if (err instanceof StartupAborted) throw err
  const message = err instanceof Error ? err.message : String(err)
  log(`${title}: ${message}`)
  dialog.showErrorBox(title, message)
  app.exit(1)
  throw new StartupAborted(message)
}

function openWindow(): BrowserWindow {
  const win = createMainWindow(
    {
      preload: join(mainDir, '..', 'preload', 'index.cjs'),
      origin,
    },
    { dev, ...(origin.devServerUrl ? { devServerUrl: origin.devServerUrl } : {}) },
  )
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null
  })
  return win
}

async function start(): Promise<void> {
  serveAppScheme(origin.rendererDir)
  hardenSession(session.defaultSession, origin)
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origin))

  const binding = findElectronBinding(app.getAppPath(), process.versions.electron)
  if ('error' in binding) fail('PerfDesk cannot open its history', binding.error)
  let store
  try {
    store = openAppHistory(binding.path, log)
  } catch (err) {
    fail('PerfDesk cannot open its history', err)
  }
  const secrets = createAppSecretBox(app.getPath('userData'), log)
  const engine = new Engine({ store, runtime: 'electron', secrets: (ref) => secrets.get(ref) })
  void startupSweep(store, { secrets: (ref) => secrets.get(ref), log })
  const saveFile = (file: ExportedFile): Promise<{ saved: boolean; path?: string }> =>
    saveFileWithDialog(mainWindow, file)
  const api = createApi({
    engine,
    store,
    secrets,
    testTarget,
    exportRun: createRunExporter({ pdf: renderPdf, html: async (run) => renderHtml(run) }),
    saveFile,
    mode: 'electron',
    version: app.getVersion(),
  })

  registerIpcHandlers(
    ipcMain,
    createIpcHandlers({ dispatch: (m, input) => api.dispatch(m, input), origin, log }),
  )
  api.onRunEvent((event: RunEvent) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_RUN_EVENT, event)
  })

  Menu.setApplicationMenu(
    buildAppMenu({
      dispatch: (m, i) => api.dispatch(m, i),
      saveFile,
      window: () => mainWindow,
      dev,
    }),
  )
  mainWindow = openWindow()

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = openWindow()
  })

  // Quitting cancels what is running, gives suites their second to hand back partial
  // results, then closes the history so the WAL is checkpointed.
  let closing = false
  app.on('before-quit', (event) => {
    if (closing) return
    event.preventDefault()
    closing = true
    void (async () => {
      for (const runId of engine.activeRuns()) engine.cancel(runId)
      const deadline = Date.now() + 3000
      while (engine.activeRuns().length > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50))
      }
      try {
        store.close()
      } catch (err) {
        log(`closing the history failed: ${err instanceof Error ? err.message : String(err)}`)
      }
      app.quit()
    })()
  })
}

// Must happen before the app is ready: the renderer's privileged app:// scheme.
registerAppScheme()

// The same user-data folder as the CLI (~/.config/PerfDesk …), so both see one history.
app.setPath('userData', userDataDir())

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      if (!(err instanceof StartupAborted)) fail('PerfDesk could not start', err)
    })
}
