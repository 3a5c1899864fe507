// Runs the built Electron main (out/main/index.js) against the fake electron and drives it the
// way the renderer and the OS would. Prints one JSON report for shell.test.ts.
import { createServer } from 'node:http'
import { register } from 'node:module'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

register('./hooks.mjs', import.meta.url)
Object.defineProperty(process.versions, 'electron', { value: '45.5.0', enumerable: true })

const out = process.env.OUT_DIR
const { state, app: fakeApp } = await import('electron')
await import(pathToFileURL(join(out, 'main', 'index.js')).href)

const until = async (what, check, ms = 30_000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
await until('the window', () => state.windows.length > 0 || state.exitCode !== null)
if (state.exitCode !== null) {
  console.log(JSON.stringify({ startupFailed: state.errors, exitCode: state.exitCode }))
  process.exit(0)
}

const win = state.windows[0]
const rendererPage = 'app://perfdesk/index.html'
const filePage = pathToFileURL(join(out, 'renderer', 'index.html')).href
const ours = { senderFrame: { url: `${rendererPage}#/runs`, parent: null } }
const call = (method, input, event = ours) => state.ipc.get(`perfdesk:${method}`)(event, input)
const report = {}

report.channels = [...state.ipc.keys()].sort()
report.webPreferences = win.options.webPreferences
report.preloadExists = (() => {
  try {
    return readFileSync(win.options.webPreferences.preload, 'utf8').length > 0
  } catch {
    return false
  }
})()
report.loadedFile = win.loadedFile ?? null
report.loadedUrl = win.loadedUrl
report.privilegedSchemes = state.privilegedSchemes
report.schemesBeforeReady = state.readyWhenSchemesRegistered === false
// what the app:// handler answers: our files with the CSP, nothing outside the renderer folder
const serveApp = state.protocolHandlers.get('app')
const fetchApp = async (url) => {
  const res = await serveApp(new Request(url))
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    csp: res.headers.get('content-security-policy'),
    html: res.status === 200 && (await res.text()).includes('<div id="root">'),
  }
}
report.appScheme = {
  index: await fetchApp(rendererPage),
  root: await fetchApp('app://perfdesk/'),
  outside: await fetchApp('app://perfdesk/%2e%2e/main/index.js'),
  encodedSlash: await fetchApp('app://perfdesk/..%2fmain%2findex.js'),
  otherHost: await fetchApp('app://evil/index.html'),
  missing: await fetchApp('app://perfdesk/no-such-file.js'),
}
report.fileSender = await call('app.info', {}, { senderFrame: { url: filePage, parent: null } })
report.menuLabels = state.menu.template.map((m) => m.label ?? m.role)
report.userData = state.paths.userData

report.appInfo = await call('app.info', {})
report.foreign = await call(
  'app.info',
  {},
  { senderFrame: { url: 'https://evil.example/', parent: null } },
)
report.iframe = await call('app.info', {}, { senderFrame: { url: rendererPage, parent: {} } })
report.badInput = await call('runs.get', { runId: 7 })
report.missing = await call('runs.get', { runId: 'no-such-run' })

// A target with a password: the password goes to secrets.json, encrypted, and the history keeps a ref.
report.savedTarget = await call('targets.save', {
  id: 'db',
  kind: 'postgres',
  name: 'DB',
  host: '127.0.0.1',
  database: 'test',
  user: 'postgres',
  password: 'pw-Very-Secret-1',
})
report.secretsFile = readFileSync(join(state.paths.userData, 'secrets.json'), 'utf8')

// File › Import plan: the plan is saved sealed and untrusted; running it needs its review
const planFile = join(process.env.FAKE_APP_PATH, 'imported.perfdesk.json')
writeFileSync(
  planFile,
  JSON.stringify({
    name: 'from a file',
    targets: [
      {
        id: 'web',
        kind: 'http',
        baseUrl: 'http://127.0.0.1:9',
        headers: { 'X-Api-Key': 'menu-key-5521' },
      },
      { id: 'p', kind: 'process', command: 'echo hi' },
    ],
    suites: [{ kind: 'http-load', target: 'web', requests: [{ path: '/' }], amount: 1 }],
  }),
)
state.openFile = planFile
state.menu.template[0].submenu.find((i) => i.label === 'Import plan…').click()
await until('the import', () => state.messages.some((m) => m.title === 'Plan imported'))
state.openFile = null
const importedPlan = (await call('plans.list', {})).value.find((p) => p.plan.name === 'from a file')
report.importedPlan = JSON.stringify(importedPlan)
report.importedReview = await call('runs.review', {
  plan: importedPlan.plan,
  planId: importedPlan.id,
})
report.importedStart = await call('runs.start', {
  plan: importedPlan.plan,
  planId: importedPlan.id,
})

// A one-second run against a server this driver owns; its events must reach the window.
const server = createServer((_req, res) => res.end('ok'))
await new Promise((r) => server.listen(0, '127.0.0.1', r))
const baseUrl = `http://127.0.0.1:${server.address().port}`
report.started = await call('runs.start', {
  plan: {
    name: 'shell test',
    targets: [{ id: 'local', kind: 'http', name: 'local', baseUrl }],
    suites: [
      {
        kind: 'http-load',
        name: 'ok',
        target: 'local',
        requests: [{ method: 'GET', path: '/' }],
        connections: 2,
        durationSec: 1,
      },
    ],
  },
})
const events = () =>
  win.webContents.sent.filter(([ch]) => ch === 'perfdesk:run-event').map(([, e]) => e)
await until('run-finished', () => events().some((e) => e.type === 'run-finished'))
server.close()
report.eventTypes = [...new Set(events().map((e) => e.type))]
report.run = await call('runs.get', { runId: report.started.value?.runId })

// files.save writes where the dialog says, decoding base64.
state.saveTo = join(process.env.FAKE_APP_PATH, 'saved.bin')
report.saved = await call('files.save', {
  filename: '../../etc/evil.pdf',
  mime: 'application/pdf',
  encoding: 'base64',
  data: Buffer.from('%PDF-1.7 fake').toString('base64'),
})
report.savedBytes = readFileSync(state.saveTo, 'utf8')
report.saveDefaultPath = state.saveOptions?.defaultPath

// Navigation, new windows, permissions and the CSP header.
const nav = (url) => {
  let prevented = false
  win.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url)
  return prevented
}
report.navigation = {
  external: nav('https://example.com/docs'),
  file: nav('file:///etc/passwd'),
  ownFile: nav(filePage),
  own: nav(rendererPage),
}
report.windowOpen = [
  win.webContents.windowOpenHandler({ url: 'https://k6.io/' }),
  win.webContents.windowOpenHandler({ url: 'javascript:alert(1)' }),
]
await new Promise((r) => setTimeout(r, 10))
report.opened = state.opened
report.permission = await new Promise((r) =>
  state.permissionRequest({ getURL: () => rendererPage }, 'media', r, {
    requestingUrl: rendererPage,
  }),
)
report.headers = await new Promise((r) =>
  state.headersHandler({ url: rendererPage, responseHeaders: {} }, (v) => r(v.responseHeaders)),
)

// Quitting closes the history and then quits for real.
let prevented = false
fakeApp.emit('before-quit', { preventDefault: () => (prevented = true) })
await until('quit', () => state.quitCalls > 0, 10_000)
report.quit = { prevented, quitCalls: state.quitCalls }
report.walAfterQuit = existsSync(`${process.env.PERFDESK_DB}-wal`)
report.errors = state.errors
console.log(JSON.stringify(report))
process.exit(0)
