import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { MonitorResult } from '@shared/index'
import { ProcessMonitorView } from '../../src/renderer/src/components/ProcessMonitor'

// The markup of the process monitor view (charts draw in the browser: uPlot needs a canvas).

const monitor: MonitorResult = {
  target: 'srv',
  pid: 4242,
  command: 'node server.js',
  source: 'procfs',
  samples: [
    { t: 1, cpuPct: 40, rssBytes: 120_000_000, threads: 7, fds: 20 },
    { t: 2, cpuPct: 97, rssBytes: 135_000_000, threads: 8, fds: 31, suiteIndex: 0 },
  ],
  summary: {
    cpuPctMean: 68.5,
    cpuPctMax: 97,
    rssStartBytes: 120_000_000,
    rssEndBytes: 135_000_000,
    rssMaxBytes: 135_000_000,
  },
  exited: { code: 3, signal: null, atSec: 2.4 },
  outputTail: 'fatal: out of widgets',
  findings: [],
  notes: ['a note'],
}

describe('ProcessMonitorView', () => {
  it('shows the summary, the charts, the exit and the output', () => {
    const html = renderToStaticMarkup(createElement(ProcessMonitorView, { monitor }))
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    expect(html).toContain('pid 4242')
    expect(html).toContain('node server.js')
    expect(text).toContain('CPU mean 69 % max 97 %')
    expect(text).toContain('RSS start 120 MB')
    expect(text).toContain('RSS end 135 MB')
    expect(html).toContain('exit code 3 at 2.4 s')
    expect(html).toContain('data-chart="process-cpu"')
    expect(html).toContain('data-chart="process-rss"')
    expect(html).toContain('data-chart="process-fds"')
    expect(html).toContain('fatal: out of widgets')
  })
})
