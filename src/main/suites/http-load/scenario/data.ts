import { readFileSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'

/**
 * Test data for templates: a CSV file with a header row (RFC 4180 quoting: "a, b", "say
 * ""hi""") or JSON lines (one object per line). Rows are plain string maps by column.
 */

export interface DataTable {
  columns: string[]
  rows: Record<string, string>[]
}

/** A data file that cannot be used; the message names the line and the fix. */
export class DataFileError extends Error {
  override name = 'DataFileError'
}

const isJsonLines = (file: string): boolean => /\.(jsonl|ndjson)$/i.test(file)

/** Splits CSV text into records of fields, honouring quotes (which may hold commas and line breaks). */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = []
  let field = ''
  let record: string[] = []
  let quoted = false
  let line = 1
  let startLine = 1
  const endField = (): void => {
    record.push(field)
    field = ''
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else {
        if (c === '\n') line++
        field += c
      }
      continue
    }
    if (c === '"') {
      if (field !== '') {
        throw new DataFileError(
          `line ${line}: a quote inside an unquoted field; quote the whole field`,
        )
      }
      quoted = true
      startLine = line
    } else if (c === ',') endField()
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endField()
      if (!(record.length === 1 && record[0] === '')) records.push(record)
      record = []
      line++
    } else field += c
  }
  if (quoted) throw new DataFileError(`line ${startLine}: a quoted field is never closed`)
  endField()
  if (!(record.length === 1 && record[0] === '')) records.push(record)
  return records
}

export function parseCsv(text: string): DataTable {
  const [header, ...records] = parseCsvRecords(text.replace(/^\uFEFF/, ''))
  if (!header) throw new DataFileError('the file is empty; give a header row and data rows')
  const columns = header.map((c) => c.trim())
  columns.forEach((c, i) => {
    if (c === '') throw new DataFileError(`line 1: column ${i + 1} has no name`)
  })
  const rows = records.map((r, k) => {
    if (r.length !== columns.length) {
      throw new DataFileError(
        `record ${k + 2}: ${r.length} fields where the header has ${columns.length}`,
      )
    }
    return Object.fromEntries(columns.map((c, i) => [c, r[i]!]))
  })
  return { columns, rows }
}

export function parseJsonLines(text: string): DataTable {
  const rows: Record<string, string>[] = []
  const columns = new Set<string>()
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return
    let v: unknown
    try {
      v = JSON.parse(line)
    } catch (err) {
      throw new DataFileError(`line ${i + 1}: not JSON (${(err as Error).message})`)
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      throw new DataFileError(`line ${i + 1}: each line must be a JSON object, e.g. {"id": 1}`)
    }
    const row: Record<string, string> = {}
    for (const [k, x] of Object.entries(v)) {
      row[k] = typeof x === 'string' ? x : JSON.stringify(x)
      columns.add(k)
    }
    rows.push(row)
  })
  return { columns: [...columns], rows }
}

/** The file a plan names, from the working folder unless absolute (the CLI makes it absolute). */
export const dataPath = (file: string): string => (isAbsolute(file) ? file : resolve(file))

/** Reads and parses a data file; throws DataFileError with the reason (unreadable, empty, bad). */
export function loadDataFile(file: string): DataTable {
  const path = dataPath(file)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new DataFileError(
      code === 'ENOENT'
        ? `cannot read ${path}: no such file`
        : `cannot read ${path}: ${(err as Error).message}`,
    )
  }
  const table = isJsonLines(file) ? parseJsonLines(text) : parseCsv(text)
  if (table.rows.length === 0) throw new DataFileError(`${path} has no data rows`)
  return table
}

/**
 * A plan file's relative `data.file` paths made absolute from the plan file's folder (the CLI
 * calls this as it reads a plan, before validation), so that a plan runs from any folder.
 * Works on the raw plan; anything not shaped like an http-load suite is left alone.
 */
export function rebaseDataFiles(plan: unknown, folder: string): unknown {
  const suites = (plan as { suites?: unknown } | null)?.suites
  if (!Array.isArray(suites)) return plan
  for (const s of suites as { kind?: unknown; data?: { file?: unknown } }[]) {
    const file = s?.kind === 'http-load' ? s.data?.file : undefined
    if (typeof file === 'string' && file !== '' && !isAbsolute(file)) {
      s.data!.file = resolve(folder, file)
    }
  }
  return plan
}
