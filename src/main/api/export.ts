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

/** `perfdesk-<plan-slug>-<run id>.<ext>`: says what it is and which run, never collides. */
export function exportFilename(run: RunResult, ext: string): string {
  // the whole run id (it starts with its timestamp, 20250101-120000-ab12cd): the file names its run
  const id = run.id.replace(/[^A-Za-z0-9_-]/g, '') || 'run'
  return `perfdesk-${slug(run.plan.name)}-${id}.${ext}`
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
