import { app, dialog, type BrowserWindow } from 'electron'
import { writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { ExportedFile } from '@shared/index'

/** files.save in the app: a save dialog, then the bytes (base64 for PDF, utf8 otherwise). */
export async function saveFileWithDialog(
  win: BrowserWindow | null,
  file: ExportedFile,
): Promise<{ saved: boolean; path?: string }> {
  // The name comes from the renderer: keep only its last segment.
  const name = basename(file.filename.replace(/\\/g, '/')) || 'perfdesk-export'
  const options = { defaultPath: join(app.getPath('downloads'), name) }
  const choice = win
    ? await dialog.showSaveDialog(win, options)
    : await dialog.showSaveDialog(options)
  if (choice.canceled || !choice.filePath) return { saved: false }
  await writeFile(choice.filePath, Buffer.from(file.data, file.encoding))
  return { saved: true, path: choice.filePath }
}
