// A stand-in for the parts of Electron the shell uses, recording what the shell does with them.
// Only for test/electron/shell.test.ts, where the real binary cannot run.
import { join } from 'node:path'

export const state = {
  paths: {},
  appHandlers: {},
  ipc: new Map(),
  windows: [],
  menu: null,
  opened: [],
  errors: [],
  messages: [],
  exitCode: null,
  quitCalls: 0,
  headersHandler: null,
  permissionRequest: null,
  permissionCheck: null,
  deviceHandler: null,
  saveTo: null,
  saveOptions: null,
  openFile: null,
  privilegedSchemes: null,
  protocolHandlers: new Map(),
  readyWhenSchemesRegistered: null,
}
globalThis.__fakeElectron = state

const on = (map) => (event, fn) => {
  ;(map[event] ??= []).push(fn)
}

export const app = {
  isPackaged: false,
  setPath: (name, value) => (state.paths[name] = value),
  getPath: (name) => state.paths[name] ?? join(process.env.FAKE_APP_PATH, `path-${name}`),
  getAppPath: () => process.env.FAKE_APP_PATH,
  getVersion: () => '0.1.0-test',
  requestSingleInstanceLock: () => true,
  whenReady: () => {
    // registerSchemesAsPrivileged only works before ready: record whether it came first
    if (state.readyWhenSchemesRegistered === null)
      state.readyWhenSchemesRegistered = state.privilegedSchemes === null
    return Promise.resolve()
  },
  on: on(state.appHandlers),
  emit(event, ...args) {
    for (const fn of state.appHandlers[event] ?? []) fn(...args)
  },
  exit: (code) => (state.exitCode = code),
  quit: () => state.quitCalls++,
}

class WebContents {
  constructor() {
    this.handlers = {}
    this.sent = []
    this.on = on(this.handlers)
    this.windowOpenHandler = null
  }
  setWindowOpenHandler(fn) {
    this.windowOpenHandler = fn
  }
  send(channel, payload) {
    this.sent.push([channel, payload])
  }
  getURL() {
    return ''
  }
  emit(event, ...args) {
    for (const fn of this.handlers[event] ?? []) fn(...args)
  }
}

export class BrowserWindow {
  constructor(options) {
    this.options = options
    this.webContents = new WebContents()
    this.handlers = {}
    this.on = on(this.handlers)
    this.once = on(this.handlers)
    state.windows.push(this)
  }
  static getAllWindows() {
    return state.windows
  }
  loadFile(file) {
    this.loadedFile = file
    return Promise.resolve()
  }
  loadURL(url) {
    this.loadedUrl = url
    return Promise.resolve()
  }
  isDestroyed() {
    return false
  }
  isMinimized() {
    return false
  }
  show() {}
  focus() {}
  restore() {}
}

export const ipcMain = {
  handle: (channel, fn) => {
    if (state.ipc.has(channel)) throw new Error(`second handler for ${channel}`)
    state.ipc.set(channel, fn)
  },
  removeHandler: (channel) => state.ipc.delete(channel),
}

export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: (fn) => (state.headersHandler = fn) },
    setPermissionRequestHandler: (fn) => (state.permissionRequest = fn),
    setPermissionCheckHandler: (fn) => (state.permissionCheck = fn),
    setDevicePermissionHandler: (fn) => (state.deviceHandler = fn),
  },
}

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => (state.privilegedSchemes = schemes),
  handle: (scheme, fn) => {
    if (state.protocolHandlers.has(scheme)) throw new Error(`second handler for ${scheme}`)
    state.protocolHandlers.set(scheme, fn)
  },
}

export const shell = { openExternal: async (url) => void state.opened.push(url) }

export const dialog = {
  showErrorBox: (title, message) => state.errors.push([title, message]),
  showSaveDialog: async (...args) => {
    state.saveOptions = args.at(-1)
    return state.saveTo ? { canceled: false, filePath: state.saveTo } : { canceled: true }
  },
  showOpenDialog: async () =>
    state.openFile
      ? { canceled: false, filePaths: [state.openFile] }
      : { canceled: true, filePaths: [] },
  showMessageBox: async (...args) => {
    state.messages.push(args.at(-1))
    return { response: 0 }
  },
}

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu: (menu) => (state.menu = menu),
}

// Reversible, and visibly not plain text.
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (s) => Buffer.from(`fake-os-crypt:${Buffer.from(s).toString('hex')}`),
  decryptString: (b) => Buffer.from(b.toString().replace('fake-os-crypt:', ''), 'hex').toString(),
}

export default { app, BrowserWindow, ipcMain, session, protocol, shell, dialog, Menu, safeStorage }
