/**
 * Writes the JSON Schema files of the result and plan documents from the zod schemas:
 *   npx tsx scripts/gen-schema.ts          write resources/schema/*.schema.json
 *   npx tsx scripts/gen-schema.ts --check  exit 1 when the committed files are out of date
 * A test (src/main/report/schema-files.test.ts) fails when the committed files drift.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { z } from 'zod'
import { PLAN_FORMAT_VERSION, PlanSchema } from '../src/shared/plan'
import { RESULT_SCHEMA_VERSION, RunResultSchema } from '../src/shared/result'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BASE = 'https://perfdesk.dev/schema'

/** File path (relative to the repository) → file text. */
export function generateSchemas(): Record<string, string> {
  const result = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${BASE}/run-result.schema.json`,
    title: `PerfDesk run result (schemaVersion ${RESULT_SCHEMA_VERSION})`,
    description:
      'A run as PerfDesk exports it (perfdesk export --json, perfdesk run --out). Defaults are filled in.',
    // the exported document: what the schema outputs
    ...z.toJSONSchema(RunResultSchema, { io: 'output', unrepresentable: 'any', reused: 'ref' }),
  }
  const plan = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${BASE}/plan.schema.json`,
    title: `PerfDesk plan (formatVersion ${PLAN_FORMAT_VERSION})`,
    description:
      'A plan file (*.perfdesk.json) as a user writes it: fields with defaults may be left out.',
    // what a user writes: the schema's input, defaults optional
    ...z.toJSONSchema(PlanSchema, { io: 'input', unrepresentable: 'any', reused: 'ref' }),
  }
  return {
    'resources/schema/run-result.schema.json': `${JSON.stringify(result, null, 2)}\n`,
    'resources/schema/plan.schema.json': `${JSON.stringify(plan, null, 2)}\n`,
  }
}

function main(): number {
  const check = process.argv.includes('--check')
  let stale = 0
  for (const [rel, text] of Object.entries(generateSchemas())) {
    const path = join(root, rel)
    if (check) {
      let current = ''
      try {
        current = readFileSync(path, 'utf8')
      } catch {
        /* missing counts as stale */
      }
      if (current !== text) {
        stale++
        process.stderr.write(`${rel} is out of date: run npx tsx scripts/gen-schema.ts\n`)
      }
      continue
    }
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
    process.stdout.write(`wrote ${rel}\n`)
  }
  return stale > 0 ? 1 : 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  process.exitCode = main()
