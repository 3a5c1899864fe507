import { dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'
import { readFile, stat } from 'node:fs/promises'
import type { ExportedFile, RunSummary, SavedPlan } from '@shared/index'

export interface MenuDeps {
  dispatch: (method: string, input: unknown) => Promise<unknown>
  saveFile: (file: ExportedFile) => Promise<{ saved: boolean; path?: string }>
  window: () => BrowserWindow | null
  dev: boolean
}

const MAX_PLAN_BYTES = 5 * 1024 * 1024

function showError(deps: MenuDeps, title: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err)
  const win = deps.window()
  const options = { type: 'error' as const, title, message: title, detail: message }
  void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))
}

async function importPlan(deps: MenuDeps): Promise<void> {
  const win = deps.window()
  const options = {
    title: 'Import plan',
    properties: ['openFile' as const],
    filters: [
      { name: 'PerfDesk plans', extensions: ['json'] },
      { name: 'All files', extensions: ['*'] },
    ],
  }
  const choice = win
    ? await dialog.showOpenDialog(win, options)
    : await dialog.showOpenDialog(options)
  const file = choice.filePaths[0]
  if (choice.canceled || !file) return
  try {
    if ((await stat(file)).size > MAX_PLAN_BYTES)
      throw new Error('the file is larger than 5 MB; a plan file is a few KB')
    let plan: unknown
    try {
      plan = JSON.parse(await readFile(file, 'utf8'))
    } catch (err) {
      throw new Error(
        `${file} is not valid JSON (${err instanceof Error ? err.message : String(err)})`,
        { cause: err },
      )
    }
    // a plan from a file is untrusted until the user has reviewed what it will do
    const saved = (await deps.dispatch('plans.save', { plan, untrusted: true })) as SavedPlan
    const done = {
      type: 'info' as const,
      title: 'Plan imported',
      message: `Imported the plan “${saved.plan.name}”.`,
    }
    void (win ? dialog.showMessageBox(win, done) : dialog.showMessageBox(done))
  } catch (err) {
    showError(deps, 'The plan could not be imported', err)
  }
}

async function exportLatestRun(deps: MenuDeps, format: 'json' | 'pdf' | 'html'): Promise<void> {
  try {
    const [latest] = (await deps.dispatch('runs.list', { limit: 1 })) as RunSummary[]
    if (!latest) throw new Error('there is no run in the history yet')
    const file = (await deps.dispatch('runs.export', { runId: latest.id, format })) as ExportedFile
    await deps.saveFile(file)
  } catch (err) {
    showError(deps, 'The run could not be exported', err)
  }
}

export function buildAppMenu(deps: MenuDeps): Menu {
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import plan…', accelerator: 'CmdOrCtrl+O', click: () => void importPlan(deps) },
        {
          label: 'Export latest run',
          submenu: [
            { label: 'as JSON…', click: () => void exportLatestRun(deps, 'json') },
            { label: 'as PDF…', click: () => void exportLatestRun(deps, 'pdf') },
            { label: 'as HTML…', click: () => void exportLatestRun(deps, 'html') },
          ],
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(deps.dev
          ? [
              { role: 'reload' as const },
              { role: 'forceReload' as const },
              { role: 'toggleDevTools' as const },
              { type: 'separator' as const },
            ]
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ]
  return Menu.buildFromTemplate(template)
}
