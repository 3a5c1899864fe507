import {
  apiMethods,
  InputError,
  isApiMethod,
  parseInput,
  type ApiMethod,
  type ApiMethods,
  type ApiOutput,
  type ConnectionTestResult,
  type ExportedFile,
  type Plan,
  type RunEvent,
  type RunResult,
  type Target,
} from '@shared/index'
import type { ApiResponse } from '@shared/bridge'
import type { z } from 'zod'
import type { HistoryStore } from '../store/types'
import { baselineDeltasOf, baselineOf, compareStoredRuns, setRunBaseline } from './compare'
import { importRequestsForApi } from './import-requests'
import { ApiFailure, failed, notFound, toApiError } from './errors'
import { MergeError, mergeShards } from '../shard/merge-run'
import { readShardText } from '../shard/read'
import type { ExportFormat } from './export'
import {
  keepMaskedHeaders,
  resolveTargetSecrets,
  sealPlanSecrets,
  sealTargetSecrets,
  secretRefsOf,
  type SecretKeeper,
} from '../secrets'
import { rememberApproval, runReview } from '../trust/gate'

export { ApiFailure, toApiError } from './errors'
export {
  createRunExporter,
  defaultRunExporter,
  exportFilename,
  exportRunJson,
  type ReportRenderers,
} from './export'

/** What the API needs of the engine (the Engine class fits it). */
export interface ApiEngine {
  start(
    plan: Plan,
    options: { planId?: string; untrusted?: boolean; approval?: string },
  ):
    | { runId: string; done: Promise<RunResult> }
    | Promise<{ runId: string; done: Promise<RunResult> }>
  cancel(runId: string): boolean
  activeRuns(): string[]
  on(event: 'event', listener: (event: RunEvent) => void): () => void
}

export interface ApiSecrets extends SecretKeeper {
  readonly storage?: 'safeStorage' | 'encryptedFile' | 'memory'
}

export interface ApiDeps {
  engine: ApiEngine
  store: HistoryStore
  secrets: ApiSecrets
  testTarget: (target: Target) => Promise<ConnectionTestResult>
  exportRun: (run: RunResult, format: ExportFormat) => Promise<ExportedFile>
  /** the app's save dialog; absent in the browser, where the page downloads the file itself */
  saveFile?: (file: ExportedFile) => Promise<{ saved: boolean; path?: string }>
  mode: 'electron' | 'browser'
  version: string
}

export interface Api {
  /**
   * Runs one call and answers with its output or its error as data (`{ok, value | error}`),
   * never a stack trace. This is what the serve WebSocket sends back.
   */
  respond(method: string, input: unknown): Promise<ApiResponse<unknown>>
  /**
   * The same call for callers that handle errors themselves (the IPC handlers): resolves with
   * the output, rejects with an InputError (field problems kept) or an ApiFailure (`code`).
   */
  dispatch(method: string, input: unknown): Promise<unknown>
  onRunEvent(listener: (event: RunEvent) => void): () => void
}

type Handlers = {
  [M in ApiMethod]: (
    input: z.output<ApiMethods[M]['input']>,
  ) => Promise<ApiOutput<M>> | ApiOutput<M>
}

/**
 * The one place where UI requests meet the engine and the history, whether they come over
 * Electron IPC or the serve WebSocket. Every input is validated against the shared schema
 * before any handler sees it.
 */
export function createApi(deps: ApiDeps): Api {
  const { engine, store, secrets } = deps

  const forgetSecrets = (refs: string[]): void => {
    for (const ref of refs) {
      try {
        secrets.delete(ref)
      } catch {
        // a secret we cannot delete is an orphan, not a reason to fail the user's action
      }
    }
  }

  const handlers: Handlers = {
    'app.info': () => ({
      version: deps.version,
      mode: deps.mode,
      dbPath: store.path,
      platform: process.platform,
      secretStorage: secrets.storage ?? 'memory',
    }),

    'targets.list': () => store.listTargets(),

    'targets.save': (target) => {
      const before = store.listTargets().find((t) => t.id === target.id)
      const sealed = sealTargetSecrets(keepMaskedHeaders(target, before), secrets)
      const saved = store.saveTarget(sealed)
      if (before) {
        const kept = new Set(secretRefsOf(saved))
        forgetSecrets(secretRefsOf(before).filter((ref) => !kept.has(ref)))
      }
      return saved
    },

    'targets.delete': ({ id }) => {
      const before = store.listTargets().find((t) => t.id === id)
      if (!before) throw notFound('target', id)
      const ok = store.deleteTarget(id)
      if (ok) forgetSecrets(secretRefsOf(before))
      return { ok }
    },

    'targets.test': async (target) => {
      let resolved: Target
      try {
        resolved = resolveTargetSecrets(target, 'target', (ref) => secrets.get(ref))
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err)
        return { ok: false, message, latencyMs: null, details: {} }
      }
      return deps.testTarget(resolved)
    },

    'plans.list': () => store.listPlans(),
    'plans.save': ({ id, plan, untrusted }) => {
      // a saved plan holds no credential in clear text: they go to the secret box like a target's
      const before = id !== undefined ? store.getPlan(id) : null
      const saved = store.savePlan(sealPlanSecrets(plan, secrets), id)
      if (untrusted) store.trust.setUntrusted('plan', saved.id, true)
      if (before) {
        const kept = new Set(secretRefsOf(saved.plan))
        forgetSecrets(secretRefsOf(before.plan).filter((ref) => !kept.has(ref)))
      }
      return saved
    },
    'plans.delete': ({ id }) => {
      const before = store.getPlan(id)
      if (!before) throw notFound('plan', id)
      const ok = store.deletePlan(id)
      if (ok) forgetSecrets(secretRefsOf(before.plan))
      return { ok }
    },

    'runs.review': ({ plan, planId, sourceRunId }) =>
      runReview(store.trust, plan, { planId, sourceRunId }),
    'runs.start': async ({ plan, planId, sourceRunId, approval }) => {
      const origin = { planId, sourceRunId }
      const review = runReview(store.trust, plan, origin)
      if (review.required && approval !== review.digest) {
        throw failed(
          review.untrusted
            ? 'this plan comes from a file or an import and has not been reviewed; review it before it runs'
            : `confirm the first load against ${review.newHosts.map((h) => h.host).join(', ')} before it runs`,
        )
      }
      const started = await engine.start(plan, {
        ...(planId === undefined ? {} : { planId }),
        untrusted: review.untrusted,
        ...(approval === undefined ? {} : { approval }),
      })
      if (review.required) rememberApproval(store.trust, review, origin)
      // The outcome reaches the UI as events and in the history; nobody awaits `done` here.
      started.done.catch(() => {})
      return { runId: started.runId }
    },
    'runs.cancel': ({ runId }) => ({ ok: engine.cancel(runId) }),
    'runs.active': () => engine.activeRuns(),
    'runs.list': (filter) => store.listRuns(filter),
    'runs.get': ({ runId }) => {
      const run = store.getRun(runId)
      if (!run) throw notFound('run', runId)
      return run
    },
    'runs.delete': ({ runId }) => {
      if (engine.activeRuns().includes(runId)) {
        throw failed('this run is still running; stop it before deleting it')
      }
      if (!store.deleteRun(runId)) throw notFound('run', runId)
      return { ok: true }
    },
    'runs.export': async ({ runId, format }) => {
      const run = store.getRun(runId)
      if (!run) throw notFound('run', runId)
      return deps.exportRun(run, format)
    },
    'runs.compare': (input) => compareStoredRuns(store, input),
    'runs.importShards': ({ files }) => {
      let run
      try {
        run = mergeShards(files.map((f) => readShardText(f.text, f.name)))
      } catch (err) {
        // not one complete set of one plan; a file that is no result stays an InputError
        if (err instanceof MergeError) throw failed(err.message)
        throw err
      }
      const runId = store.importRun(run)
      return { runId, status: run.status, shards: run.shards?.length ?? 0 }
    },
    'runs.setBaseline': ({ runId, baseline }) =>
      setRunBaseline(store, runId, baseline, engine.activeRuns()),
    'runs.baselineDeltas': ({ runId }) => baselineDeltasOf(store, runId),
    'baselines.get': (scope) => baselineOf(store, scope),
    'baselines.clear': (scope) => ({ ok: store.clearBaseline(scope) !== null }),

    'requests.import': (input) =>
      importRequestsForApi(input, store, (t) => handlers['targets.save'](t) as Target),

    'files.save': async (file) => {
      if (!deps.saveFile) throw failed('saving files is done by the browser in this mode')
      return deps.saveFile(file)
    },
  }

  const run = async (method: string, input: unknown): Promise<unknown> => {
    if (!isApiMethod(method)) throw failed(`unknown method "${String(method)}"`)
    const parsed = parseInput(apiMethods[method].input, input ?? {}, `${method} input`)
    const handler = handlers[method] as (input: unknown) => unknown
    return await handler(parsed)
  }

  return {
    async respond(method, input) {
      try {
        return { ok: true, value: await run(method, input) }
      } catch (err) {
        return { ok: false, error: toApiError(err) }
      }
    },
    async dispatch(method, input) {
      try {
        return await run(method, input)
      } catch (err) {
        const error = toApiError(err)
        if (error.code === 'invalid-input') throw new InputError(`${method} input`, error.problems)
        throw new ApiFailure(error.code, error.message)
      }
    },
    onRunEvent(listener) {
      return engine.on('event', listener)
    },
  }
}
