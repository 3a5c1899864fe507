import { readFileSync } from 'node:fs'
import { parseArgs, type ParseArgsConfig } from 'node:util'

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>

/** node:util parseArgs, with its errors turned into one-line usage errors. */
export function parse<O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (err) {
    const msg = err instanceof Error ? err.message.replace(/^.*?: /, '') : String(err)
    throw new UsageError(`${msg}\nusage: ${usage}`)
  }
}

/** A file named on the command line, as text; a missing or unreadable one is a usage error. */
export function readFileArg(file: string, what = 'file'): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new UsageError(
      code === 'ENOENT'
        ? `no such ${what}: ${file}`
        : `cannot read ${file}: ${(err as Error).message}`,
    )
  }
}
