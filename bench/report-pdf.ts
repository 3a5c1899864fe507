/**
 * PDF rendering speed for a 10-minute run (600 samples per series, an http-load and a postgres
 * suite): npx tsx bench/report-pdf.ts [--out FILE]. Target: under 2 s.
 */
import { writeFileSync } from 'node:fs'
import { renderHtml } from '../src/main/report/html'
import { renderPdf } from '../src/main/report/pdf'
import { buildRunResult } from '../test/fixtures/run-result'

const run = buildRunResult({
  realistic: true,
  withPostgres: true,
  seconds: 600,
  samplesPerSecond: 50,
})
const times: number[] = []
let pdf: Buffer = Buffer.alloc(0)
for (let i = 0; i < 5; i++) {
  const t0 = performance.now()
  pdf = await renderPdf(run)
  times.push(performance.now() - t0)
}
const t1 = performance.now()
const html = renderHtml(run)
const htmlMs = performance.now() - t1
const sorted = [...times].sort((a, b) => a - b)
process.stdout.write(
  `renderPdf, 10-minute run: first ${times[0]!.toFixed(0)} ms, median ${sorted[2]!.toFixed(0)} ms, ${(pdf.length / 1024).toFixed(0)} KiB\n` +
    `renderHtml: ${htmlMs.toFixed(0)} ms, ${(html.length / 1024).toFixed(0)} KiB\n`,
)
const outIdx = process.argv.indexOf('--out')
if (outIdx > 0 && process.argv[outIdx + 1]) writeFileSync(process.argv[outIdx + 1]!, pdf)
