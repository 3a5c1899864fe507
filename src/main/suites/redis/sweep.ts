import type { Redis } from 'ioredis'
import type { RedisTarget, RunResult, Target } from '@shared/index'
import { resolveTargetSecrets, type SecretLookup } from '../../secrets'
import type { HistoryStore } from '../../store/types'
import { connectRedis, redisDisplayUrl } from '../../targets/redis'
import { removePrefix } from './cleanup'
import { errorText } from './run-control'

/**
 * Keys a dead or failed run left behind, removed at the next start. A run killed mid-suite
 * (status `interrupted`) or whose Redis suite could not finish its cleanup leaves keys under
 * `perfdesk:<runId>:`; they carry a safety TTL, but that may be long, and keys of older
 * versions carry none. Only recent runs are looked at: past `windowMs` the TTL has done it.
 */

export interface SweepReport {
  /** runs whose prefix was swept (or tried) */
  runs: number
  removed: number
  /** one line per run that could not be swept, saying why */
  problems: string[]
}

export interface SweepOptions {
  secrets?: SecretLookup
  /** runs started longer ago than this are left to their TTL (default 24 h) */
  windowMs?: number
  /** the whole sweep stops after this long (default 5 s) */
  budgetMs?: number
  now?: number
}

/** Runs whose Redis keys may have outlived them. */
function needsSweep(run: RunResult): boolean {
  if (!run.plan.suites.some((s) => s.kind === 'redis')) return false
  if (run.status === 'interrupted') return true
  return run.suites.some(
    (s) => s.kind === 'redis' && (s.status === 'interrupted' || s.details?.cleanup.done !== true),
  )
}

/** The run's Redis targets, with secrets resolved here (the saved target's when the plan's were redacted). */
function redisTargets(run: RunResult, saved: Target[], secrets?: SecretLookup): RedisTarget[] {
  const ids = new Set(run.plan.suites.filter((s) => s.kind === 'redis').map((s) => s.target))
  const out: RedisTarget[] = []
  for (const id of ids) {
    const candidates = [run.plan.targets.find((t) => t.id === id), saved.find((t) => t.id === id)]
    for (const t of candidates) {
      if (t?.kind !== 'redis') continue
      try {
        const resolved = resolveTargetSecrets(t, `targets.${id}`, secrets)
        if (resolved.kind === 'redis' && !/:redacted@/.test(resolved.url)) {
          out.push(resolved)
          break
        }
      } catch {
        // this copy's secret is not available here; try the next
      }
    }
  }
  return out
}

export async function sweepLeftoverKeys(
  store: HistoryStore,
  opts: SweepOptions = {},
): Promise<SweepReport> {
  const now = opts.now ?? Date.now()
  const windowMs = opts.windowMs ?? 24 * 3600 * 1000
  const deadline = performance.now() + (opts.budgetMs ?? 5000)
  const report: SweepReport = { runs: 0, removed: 0, problems: [] }
  // passed and failed runs cleaned up; interrupted ones never got to, error and cancelled may not have
  const runs = store
    .listRuns({ limit: 500 })
    .filter(
      (r) =>
        r.kinds.includes('redis') &&
        (r.status === 'interrupted' || r.status === 'error' || r.status === 'cancelled') &&
        now - Date.parse(r.startedAt) <= windowMs,
    )
    .map((r) => store.getRun(r.id))
    .filter((r): r is RunResult => r !== null && needsSweep(r))
  if (runs.length === 0) return report
  const saved = store.listTargets()
  const clients = new Map<string, Redis>()
  try {
    for (const run of runs) {
      const targets = redisTargets(run, saved, opts.secrets)
      if (targets.length === 0) {
        report.problems.push(
          `run ${run.id}: no usable Redis target (its password is not stored here)`,
        )
        continue
      }
      report.runs++
      for (const target of targets) {
        const left = deadline - performance.now()
        if (left <= 0) {
          report.problems.push(`run ${run.id}: out of time; its keys are left to their TTL`)
          continue
        }
        const key = `${target.url}|${target.db ?? ''}`
        try {
          let client = clients.get(key)
          if (!client) {
            client = await connectRedis(target, {
              connectTimeoutMs: Math.ceil(Math.min(2000, left)),
              commandTimeoutMs: Math.ceil(Math.min(2000, left)),
              name: 'perfdesk-sweep',
            })
            clients.set(key, client)
          }
          report.removed += await removePrefix(client, `perfdesk:${run.id}:`, {
            timeoutMs: Math.ceil(Math.min(2000, left)),
            signal: AbortSignal.timeout(Math.max(1, Math.ceil(left))),
          })
        } catch (err) {
          report.problems.push(`run ${run.id} on ${redisDisplayUrl(target)}: ${errorText(err)}`)
        }
      }
    }
  } finally {
    for (const c of clients.values()) c.disconnect()
  }
  return report
}

/**
 * The sweep as every entry point runs it after opening the history: one line when it removed
 * keys or could not; never throws (a sweep that fails must not stop the app or a run).
 */
export async function startupSweep(
  store: HistoryStore,
  o: { secrets?: SecretLookup; log(message: string): void },
): Promise<void> {
  try {
    const r = await sweepLeftoverKeys(store, o.secrets ? { secrets: o.secrets } : {})
    if (r.removed > 0)
      o.log(`removed ${r.removed} Redis key(s) left by ${r.runs} interrupted or failed run(s)`)
    for (const p of r.problems) o.log(`Redis keys of an earlier run not swept: ${p}`)
  } catch (err) {
    o.log(`Redis keys of earlier runs not swept: ${errorText(err)}`)
  }
}
