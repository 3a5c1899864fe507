import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { RunResultSchema, type RunResult } from '@shared/index'
import { buildRunResult } from '../../../../test/fixtures/run-result'
import { clientBound, clientBoundGenerator } from '../../../../test/fixtures/suite-results'
import { SuiteResultView } from './SuiteResultView'

/** A suite's result view marks a client-bound result's rate tiles and shows the generator's numbers. */

function run(generator: 'bound' | 'free' | 'none'): RunResult {
  const base = buildRunResult({ rps: 52_300 })
  const suite = base.suites[0]!
  const suites =
    generator === 'bound'
      ? [clientBound(suite)]
      : generator === 'free'
        ? [{ ...suite, generator: { ...clientBoundGenerator, clientBound: false, busy: 0.35 } }]
        : [suite]
  return RunResultSchema.parse({ ...base, suites })
}

const html = (r: RunResult): string =>
  renderToStaticMarkup(createElement(SuiteResultView, { result: r.suites[0]! }))

describe('client-bound in a suite result view', () => {
  it('a client-bound throughput tile reads "≥ …" and says client-bound, with the reason', () => {
    const out = html(run('bound'))
    expect(out).toMatch(/class="stat client-bound".*?≥ .*?52,\d{3}/s)
    expect(out).toContain('data-testid="client-bound"')
    expect(out).toContain(clientBoundGenerator.reason!)
    expect(out).toContain('<dt>operations per CPU-second</dt><dd>51,000</dd>')
    // the latency tiles are not rates: unmarked
    expect(out.match(/class="stat client-bound"/g)).toHaveLength(1)
  })

  it('a generator with slack shows its numbers and no mark', () => {
    const out = html(run('free'))
    expect(out).toContain('data-testid="generator"')
    expect(out).toContain('<dt>busiest thread busy</dt><dd>35 % (mean 99 %)</dd>')
    expect(out).not.toContain('client-bound"')
    expect(out).not.toContain('≥')
  })

  it('a result from before the generator was measured shows neither', () => {
    const out = html(run('none'))
    expect(out).not.toContain('data-testid="generator"')
    expect(out).not.toContain('≥')
  })
})
