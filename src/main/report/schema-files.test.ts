import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateSchemas } from '../../../scripts/gen-schema'
import { exportJson } from './json'
import { buildRunResult } from '../../../test/fixtures/run-result'

const root = join(__dirname, '..', '..', '..')

describe('JSON Schema files', () => {
  it('the committed files are what scripts/gen-schema.ts generates (run `npx tsx scripts/gen-schema.ts`)', () => {
    const files = generateSchemas()
    expect(Object.keys(files).sort()).toEqual([
      'resources/schema/plan.schema.json',
      'resources/schema/run-result.schema.json',
    ])
    for (const [rel, text] of Object.entries(files)) {
      expect(
        readFileSync(join(root, rel), 'utf8'),
        `${rel} is stale: run npx tsx scripts/gen-schema.ts`,
      ).toBe(text)
    }
  })

  it('the result schema names every top-level field an export carries', () => {
    const schema = JSON.parse(generateSchemas()['resources/schema/run-result.schema.json']!) as {
      properties: Record<string, unknown>
      required: string[]
    }
    const doc = JSON.parse(exportJson(buildRunResult({ realistic: true }))) as Record<
      string,
      unknown
    >
    for (const key of Object.keys(doc)) expect(schema.properties).toHaveProperty(key)
    expect(schema.required).toContain('schemaVersion')
  })
})
