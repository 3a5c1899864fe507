import { writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { IMPORT_FORMAT_LABEL } from '@shared/index'
import { importedPlan, importRequests } from '../../import'
import { parse, readFileArg, UsageError } from '../args'
import { EXIT, type Io } from '../io'

const USAGE =
  'perfdesk plan from FILE [--base-url URL] [--out PLAN.json] [--include-assets] [--all-origins]'

/**
 * `perfdesk plan from FILE`: a plan from a HAR, an OpenAPI 3 document, a Postman collection
 * or curl commands. The plan goes to --out or stdout, what was kept and dropped to stderr.
 */
export async function planCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      'base-url': { type: 'string' },
      out: { type: 'string', short: 'o' },
      'include-assets': { type: 'boolean' },
      'all-origins': { type: 'boolean' },
    },
    USAGE,
  )
  const [sub, file, ...extra] = positionals
  if (sub !== 'from' || !file || extra.length > 0)
    throw new UsageError(`give one file to make a plan from\nusage: ${USAGE}`)
  const baseUrl = values['base-url']
  if (baseUrl !== undefined && !/^https?:\/\/[^/]/i.test(baseUrl))
    throw new UsageError(
      `--base-url: expected an http:// or https:// URL, e.g. http://127.0.0.1:8080`,
    )
  const text = readFileArg(file)
  const result = importRequests(text, file, {
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    includeAssets: values['include-assets'] ?? false,
    allOrigins: values['all-origins'] ?? false,
  })
  const { plan, env } = importedPlan(result, `Imported from ${basename(file)}`, baseUrl)
  const json = `${JSON.stringify(plan, null, 2)}\n`
  if (values.out) writeFileSync(values.out, json)
  else io.stdout(json)

  const kept = result.requests.length
  const calls = result.requests.reduce((n, r) => n + (r.weight ?? 1), 0)
  const lines = [
    `perfdesk plan: ${IMPORT_FORMAT_LABEL[result.format]} ${file}: ${kept} request${kept === 1 ? '' : 's'} kept${calls > kept ? ` (${calls} before merging duplicates)` : ''}, target ${plan.targets[0]!.kind === 'http' ? plan.targets[0]!.baseUrl : ''}`,
  ]
  for (const d of result.dropped) lines.push(`  dropped ${d.count}: ${d.reason}`)
  for (const n of result.notes) lines.push(`  note: ${n}`)
  if (env.length) {
    lines.push('  credentials were moved out of the plan; set before `perfdesk run`:')
    for (const e of env) lines.push(`    export ${e.name}=…   (${e.holds})`)
  }
  if (values.out) lines.push(`  wrote ${values.out}`)
  io.stderr(`${lines.join('\n')}\n`)
  return EXIT.ok
}
