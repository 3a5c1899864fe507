import type { ApiInput, ApiOutput, Target } from '@shared/index'
import { importRequests, ImportError } from '../import'
import type { HistoryStore } from '../store/types'
import { failed, notFound } from './errors'

/**
 * `requests.import`: the file read on the main side. Credential headers never go back to the
 * page: with `storeSecretsIn` they join that target's headers through `targets.save`, which
 * seals them into the secret store; the page learns their names.
 */
export function importRequestsForApi(
  input: ApiInput<'requests.import'>,
  store: HistoryStore,
  saveTarget: (t: Target) => Target,
): ApiOutput<'requests.import'> {
  const { fileName, text, storeSecretsIn, ...options } = input
  let r
  try {
    r = importRequests(text, fileName, options)
  } catch (err) {
    if (err instanceof ImportError) throw failed(err.message)
    throw err
  }
  const storedSecrets: string[] = []
  if (storeSecretsIn !== undefined && r.secrets.length > 0) {
    const target = store.listTargets().find((t) => t.id === storeSecretsIn)
    if (!target) throw notFound('target', storeSecretsIn)
    if (target.kind !== 'http')
      throw failed(
        `"${storeSecretsIn}" is a ${target.kind} target; imported credential headers go to an http target`,
      )
    const names = new Set(r.secrets.map((s) => s.name.toLowerCase()))
    const headers = Object.fromEntries(
      Object.entries(target.headers ?? {}).filter(([k]) => !names.has(k.toLowerCase())),
    )
    for (const s of r.secrets) headers[s.name] = s.value
    saveTarget({ ...target, headers })
    storedSecrets.push(...r.secrets.map((s) => s.name))
  }
  return {
    ...r,
    secrets: r.secrets.map((s) => ({ name: s.name, requests: s.requests })),
    storedSecrets,
  }
}
