import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { PlanSchema } from '@shared/index'
import { suiteDefinition } from '../../src/main/suites/registry'
import { rebaseDataFiles } from '../../src/main/suites/http-load/scenario/data'

const dir = fileURLToPath(new URL('../../examples/', import.meta.url))
const files = readdirSync(dir).filter((f) => f.endsWith('.perfdesk.json'))

describe('example plans in examples/', () => {
  it('exist', () => expect(files.length).toBeGreaterThanOrEqual(4))
  it.each(files)('%s is a valid plan, suite checks included', (file) => {
    // data files are relative to the plan's folder, as `perfdesk run` reads them
    const plan = PlanSchema.parse(
      rebaseDataFiles(JSON.parse(readFileSync(dir + file, 'utf8')), dir),
    )
    for (const s of plan.suites) {
      expect(suiteDefinition(s.kind).validate?.(s as never) ?? []).toEqual([])
    }
  })
})
