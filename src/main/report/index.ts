import { writeFile } from 'node:fs/promises'
import type { RunResult } from '@shared/index'
import { renderJunit, renderMarkdown } from './ci'
import { renderHtml } from './html'
import { renderPdf } from './pdf'

export { scoreRun, scoreSuite } from '../suites/parts'
export { allocate } from '../analysis/score'
export { rankFindings } from '../analysis/findings'
export { renderPdf } from './pdf'
export { renderHtml } from './html'
export { renderJunit, renderMarkdown } from './ci'
export { exportJson, parseRunResultJson } from './json'
export { compareRuns, renderComparisonText } from './compare'
export type {
  CompareOptions,
  RunComparison,
  SuiteComparison,
  MetricComparison,
  Verdict,
} from './compare'
export { buildChart, chartsForSuite, niceTicks } from './charts'

export interface ReportFiles {
  pdf?: string
  html?: string
  junit?: string
  markdown?: string
}

/** Writes each report asked for; returns the paths written, in the order pdf, html, junit, markdown. */
export async function writeReports(run: RunResult, files: ReportFiles): Promise<string[]> {
  const written: string[] = []
  const write = async (path: string, what: string, data: string | Buffer): Promise<void> => {
    try {
      await writeFile(path, data)
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      throw new Error(
        `cannot write the ${what} report to "${path}": ${reason}; check that the folder exists and is writable`,
        { cause: err },
      )
    }
    written.push(path)
  }
  if (files.pdf) await write(files.pdf, 'PDF', await renderPdf(run))
  if (files.html) await write(files.html, 'HTML', renderHtml(run))
  if (files.junit) await write(files.junit, 'JUnit', renderJunit(run))
  if (files.markdown) await write(files.markdown, 'Markdown', renderMarkdown(run))
  return written
}
