import type { Environment, Finding, MonitorResult, RunResult, SuiteResult } from '@shared/index'
import { rankFindings } from '../analysis/findings'
import { chartsForSuite, type ChartSpec } from './charts'
import {
  describeTarget,
  fmtBytes,
  fmtDate,
  fmtDuration,
  kindLabel,
  suiteTitle,
  targetOf,
} from './format'
import { monitorCharts, monitorKeyNumbers, monitorSubtitle, monitorTitle } from './monitor'
import {
  checkRows,
  detailTables,
  keyNumbers,
  type CheckRow,
  type DetailTable,
  type KeyNumber,
} from './summary'

/**
 * What the HTML and the PDF report both say about one suite or the process monitor, gathered
 * once so that the two renderers differ only in layout.
 */
export interface SuitePage {
  /** e.g. "HTTP load suite" */
  kindLine: string
  title: string
  /** the target described, or its id when the plan no longer holds it */
  target: string
  /** start date and duration, e.g. "2026-01-02 10:00 · 12 s" */
  when: string
  nums: KeyNumber[]
  checks: CheckRow[]
  charts: ChartSpec[]
  tables: DetailTable[]
  findings: Finding[]
}

export function suitePage(run: RunResult, s: SuiteResult): SuitePage {
  const t = targetOf(run, s)
  return {
    kindLine: `${kindLabel[s.kind]} suite`,
    title: suiteTitle(s),
    target: t ? describeTarget(t) : s.target,
    when: `${fmtDate(s.startedAt)} · ${fmtDuration(s.startedAt, s.endedAt)}`,
    nums: keyNumbers(s),
    checks: checkRows(s),
    charts: chartsForSuite(s),
    tables: detailTables(s),
    findings: rankFindings(s.findings),
  }
}

export interface MonitorPage {
  title: string
  subtitle: string
  nums: KeyNumber[]
  charts: ChartSpec[]
  findings: Finding[]
}

export function monitorPage(run: RunResult, m: MonitorResult): MonitorPage {
  return {
    title: monitorTitle(m, run),
    subtitle: monitorSubtitle(m),
    nums: monitorKeyNumbers(m),
    charts: monitorCharts(m),
    findings: rankFindings(m.findings),
  }
}

/** The machine a run ran on, as label and value rows (server versions are each renderer's). */
export function machineRows(e: Environment): [string, string][] {
  return [
    ['PerfDesk', e.perfdeskVersion],
    ['Runtime', e.runtime],
    ['OS', `${e.os} (${e.arch})`],
    ['CPU', `${e.cpus} × ${e.cpuModel}`],
    ['Memory', fmtBytes(e.memoryBytes)],
    ['Node', e.node],
  ]
}
