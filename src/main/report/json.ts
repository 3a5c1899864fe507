import { InputError, RESULT_SCHEMA_VERSION, RunResultSchema, describeIssues } from '@shared/index'
import type { RunResult } from '@shared/index'

/**
 * The one canonical JSON form of a run: parsed through the schema (so keys come out in the
 * schema's order and defaults are filled in), 2-space indent, trailing newline. Every export,
 * the CLI and the API use this, so export → import → export is byte-for-byte stable.
 */
export function exportJson(run: RunResult): string {
  const canonical = RunResultSchema.parse(run)
  return `${JSON.stringify(canonical, null, 2)}\n`
}

/** Parses a result file's text, with errors that name the field and the fix. */
export function parseRunResultJson(text: string, source = 'the result file'): RunResult {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new InputError(source, [
      {
        path: '(top level)',
        message: `is not valid JSON (${(e as Error).message}); export the run again`,
      },
    ])
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError(source, [
      { path: '(top level)', message: 'expected a JSON object (a PerfDesk run result)' },
    ])
  }
  const version = (raw as { schemaVersion?: unknown }).schemaVersion
  if (version === undefined) {
    throw new InputError(source, [
      {
        path: 'schemaVersion',
        message:
          'missing: this is not a PerfDesk run result (plans are imported with the plans command)',
      },
    ])
  }
  if (version !== RESULT_SCHEMA_VERSION) {
    throw new InputError(source, [
      {
        path: 'schemaVersion',
        message: `is ${JSON.stringify(version)}, but this PerfDesk reads version ${RESULT_SCHEMA_VERSION}; update PerfDesk or export the run from a matching version`,
      },
    ])
  }
  const r = RunResultSchema.safeParse(raw)
  if (!r.success) throw new InputError(source, describeIssues(r.error))
  return r.data
}
