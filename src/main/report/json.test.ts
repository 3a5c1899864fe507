import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputError, RunResultSchema } from '@shared/index'
import { openHistory } from '../store'
import { exportCommand } from '../cli/commands/export'
import { importCommand } from '../cli/commands/import'
import { exportJson, parseRunResultJson } from './json'
import { buildRunResult } from '../../../test/fixtures/run-result'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'perfdesk-json-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const normaliseImportedAt = (s: string): string =>
  s.replace(/\n {2}"importedAt": "[^"]*",?/g, '').replace(/,(\n})/, '$1')

function captureIo(): {
  stdout: string[]
  stderr: string[]
  io: { stdout: (s: string) => void; stderr: (s: string) => void; interactive: boolean }
} {
  const stdout: string[] = []
  const stderr: string[] = []
  return {
    stdout,
    stderr,
    io: { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s), interactive: false },
  }
}

describe('canonical JSON', () => {
  it('is stable: 2-space indent, trailing newline, schema key order, parse → export is the identity', () => {
    const run = buildRunResult({ realistic: true, withPostgres: true })
    const text = exportJson(run)
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.startsWith('{\n  "schemaVersion": 1,\n  "id": ')).toBe(true)
    expect(exportJson(parseRunResultJson(text))).toBe(text)
    // key order does not depend on the order the object was built in
    const shuffled = Object.fromEntries(Object.entries(JSON.parse(text) as object).reverse())
    expect(exportJson(RunResultSchema.parse(shuffled))).toBe(text)
  })

  it('export → import (store) → export is byte-for-byte, importedAt aside', async () => {
    const db = join(dir, 'history.db')
    for (const run of [
      buildRunResult({ realistic: true, withPostgres: true }),
      buildRunResult({ id: 'r-store-fixture' }),
    ]) {
      const first = exportJson(run)
      const file = join(dir, `${run.id}.json`)
      writeFileSync(file, first)
      const imp = captureIo()
      expect(await importCommand([file, '--db', db], imp.io)).toBe(0)
      expect(imp.stdout.join('')).toContain(`as run ${run.id}`)

      const out = join(dir, `${run.id}.again.json`)
      const exp = captureIo()
      expect(await exportCommand([run.id, '--json', out, '--db', db], exp.io)).toBe(0)
      const second = readFileSync(out, 'utf8')
      expect(JSON.parse(second).importedAt).toEqual(expect.any(String))
      expect(normaliseImportedAt(second)).toBe(normaliseImportedAt(first))
    }
    // the imported run is browsable like any other
    const store = openHistory(db)
    try {
      expect(store.listRuns().map((r) => r.id)).toContain('run-20250314-0930')
    } finally {
      store.close()
    }
  })

  it('import refuses a second copy of the same run and says why', async () => {
    const db = join(dir, 'history.db')
    const file = join(dir, 'run.json')
    writeFileSync(file, exportJson(buildRunResult({ realistic: true })))
    expect(await importCommand([file, '--db', db], captureIo().io)).toBe(0)
    const again = captureIo()
    expect(await importCommand([file, '--db', db], again.io)).toBe(2)
    expect(again.stderr.join('')).toMatch(/run-20250314-0930/)
  })

  it('bad files give errors naming the field and the fix', () => {
    expect(() => parseRunResultJson('{ nope', 'x.json')).toThrow(
      /x\.json: \(top level\): is not valid JSON/,
    )
    expect(() => parseRunResultJson('{"name":"a plan"}', 'p.json')).toThrow(
      /schemaVersion: missing/,
    )
    expect(() => parseRunResultJson('{"schemaVersion": 99}', 'f.json')).toThrow(
      /schemaVersion: is 99, but this PerfDesk reads version 1/,
    )
    const broken = JSON.parse(exportJson(buildRunResult({ realistic: true }))) as {
      suites: { status: string }[]
    }
    broken.suites[0]!.status = 'great'
    try {
      parseRunResultJson(JSON.stringify(broken), 'b.json')
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(InputError)
      expect((e as InputError).problems[0]!.path).toBe('suites[0].status')
    }
  })
})
