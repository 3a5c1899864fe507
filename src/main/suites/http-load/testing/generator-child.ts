/**
 * Runs one http-load suite in its own process and prints its output as one JSON line: the
 * generator of a test that must be confined (a cgroup CPU quota) apart from the test runner.
 * Usage: node --import tsx generator-child.ts '<baseUrl>' '<config JSON>'
 */
import { HttpLoadConfigSchema } from '@shared/index'
import { httpLoadWorker } from '../worker'

const [url, json] = process.argv.slice(2)
if (!url || !json) {
  console.error('usage: generator-child.ts <baseUrl> <config JSON>')
  process.exit(2)
}
const out = await httpLoadWorker.run({
  runId: 'child',
  suiteIndex: 0,
  config: HttpLoadConfigSchema.parse({
    kind: 'http-load',
    target: 'srv',
    requests: [{ method: 'GET', path: '/' }],
    ...(JSON.parse(json) as Record<string, unknown>),
  }),
  target: { id: 'srv', kind: 'http', baseUrl: url },
  signal: new AbortController().signal,
  progress: () => {},
  log: () => {},
})
process.stdout.write(
  JSON.stringify({
    status: out.status,
    error: out.error,
    rps: out.metrics?.rps,
    generator: out.generator,
    findings: out.findings.map((f) => f.id),
  }) + '\n',
)
process.exit(0)
