import type { ExportedFile, RunResult } from '@shared/index'
import { failed } from './errors'

export type ExportFormat = 'json' | 'pdf' | 'html'

/** Renders a run as a report document; supplied by src/main/report when it is there. */
export interface ReportRenderers {
  pdf?: (run: RunResult) => Promise<Buffer | Uint8Array>
  html?: (run: RunResult) => Promise<string>
}

function slug(text: string): string {
  const s = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
  return s || 'run'
}

/** `perfdesk-<plan-slug>-<date>-<id8>.<ext>`: sorts by date, says what it is, never collides. */
export function exportFilename(run: RunResult, ext: string): string {
  const date = /^\d{4}-\d{2}-\d{2}/.exec(run.startedAt)?.[0] ?? 'undated'
  // run ids start with their timestamp (20250101-120000-ab12cd): the tail is what tells them apart
  const id8 = run.id.replace(/[^A-Za-z0-9]/g, '').slice(-8) || 'run'
  return `perfdesk-${slug(run.plan.name)}-${date}-${id8}.${ext}`
}

export function exportRunJson(run: RunResult): ExportedFile {
  return {
    filename: exportFilename(run, 'json'),
    mime: 'application/json',
    encoding: 'utf8',
    data: JSON.stringify(run, null, 2),
  }
}

/** An exportRun for createApi: JSON always, PDF and HTML when a renderer is given. */
export function createRunExporter(renderers: ReportRenderers = {}) {
  return async (run: RunResult, format: ExportFormat): Promise<ExportedFile> => {
    if (format === 'json') return exportRunJson(run)
    if (format === 'pdf') {
      if (!renderers.pdf) throw failed('PDF export is not available yet')
      const bytes = await renderers.pdf(run)
      return {
        filename: exportFilename(run, 'pdf'),
        mime: 'application/pdf',
        encoding: 'base64',
        data: Buffer.from(bytes).toString('base64'),
      }
    }
    if (!renderers.html) throw failed('HTML export is not available yet')
    return {
      filename: exportFilename(run, 'html'),
      mime: 'text/html',
      encoding: 'utf8',
      data: await renderers.html(run),
    }
  }
}

/** JSON, PDF and HTML, with the report module loaded only when a report is asked for. */
export const defaultRunExporter = (): ReturnType<typeof createRunExporter> =>
  createRunExporter({
    pdf: async (run) => (await import('../report/pdf')).renderPdf(run),
    html: async (run) => (await import('../report/html')).renderHtml(run),
  })
