import { writeFileSync } from 'node:fs'
import type { RunResult } from '@shared/index'
import { writeReports } from '../report'
import { exportJson } from '../report/json'
import type { Io } from './io'

/** The report flags shared by `run`, `demo` and `export`. */
export const reportFlags = {
  pdf: { type: 'string' },
  html: { type: 'string' },
  junit: { type: 'string' },
  markdown: { type: 'string' },
} as const

export interface RunOutputs {
  json?: string
  pdf?: string
  html?: string
  junit?: string
  markdown?: string
}

/** Writes each file the user asked for and says where. */
export async function writeRunOutputs(run: RunResult, o: RunOutputs, io: Io): Promise<void> {
  if (o.json) {
    writeFileSync(o.json, exportJson(run))
    io.stderr(`perfdesk: result written to ${o.json}\n`)
  }
  const reports = { pdf: o.pdf, html: o.html, junit: o.junit, markdown: o.markdown }
  if (Object.values(reports).some(Boolean)) {
    const written = await writeReports(run, reports)
    for (const f of written) io.stderr(`perfdesk: report written to ${f}\n`)
  }
}
