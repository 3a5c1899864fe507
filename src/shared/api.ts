import { z } from 'zod'
import { BaselineInfoSchema, BaselineScopeSchema } from './baseline'
import { BaselineDeltasSchema, CompareInputSchema, RunComparisonSchema } from './compare'
import { PlanSchema } from './plan'
import { RunFilterSchema, RunResultSchema, RunStatusSchema, RunSummarySchema } from './result'
import { RequestsImportInputSchema, RequestsImportOutputSchema } from './import'
import { RunReviewSchema } from './review'
import { ConnectionTestResultSchema, TargetSchema } from './targets'

const RunIdInput = z.object({ runId: z.string().min(1) }).strict()
/** A plan to run and where it comes from: a saved plan, or "Run again" of a stored run. */
const RunOriginInput = z
  .object({ plan: PlanSchema, planId: z.string().optional(), sourceRunId: z.string().optional() })
  .strict()
const Ok = z.object({ ok: z.boolean() })

export const SavedPlanSchema = z.object({
  id: z.string(),
  plan: PlanSchema,
  updatedAt: z.string(),
})
export type SavedPlan = z.infer<typeof SavedPlanSchema>

export const AppInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  dbPath: z.string(),
  platform: z.string(),
  /** encryptedFile: `perfdesk serve`'s AES-256-GCM file with a 0600 key file */
  secretStorage: z.enum(['safeStorage', 'encryptedFile', 'memory']),
})
export type AppInfo = z.infer<typeof AppInfoSchema>

export const ExportFormatSchema = z.enum(['json', 'pdf', 'html'])
export const ExportedFileSchema = z.object({
  filename: z.string(),
  mime: z.string(),
  /** utf8 text for json/html, base64 for pdf */
  encoding: z.enum(['utf8', 'base64']),
  data: z.string(),
})
export type ExportedFile = z.infer<typeof ExportedFileSchema>

/**
 * Every request the UI can make of the engine, with its input and output schema.
 * Main validates inputs against these before doing anything; the preload exposes
 * exactly these names and nothing else.
 */
export const apiMethods = {
  'app.info': { input: z.object({}).strict(), output: AppInfoSchema },
  'targets.list': { input: z.object({}).strict(), output: z.array(TargetSchema) },
  'targets.save': { input: TargetSchema, output: TargetSchema },
  'targets.delete': { input: z.object({ id: z.string() }).strict(), output: Ok },
  'targets.test': { input: TargetSchema, output: ConnectionTestResultSchema },
  'plans.list': { input: z.object({}).strict(), output: z.array(SavedPlanSchema) },
  'plans.save': {
    /** `untrusted`: the plan comes from a file (File › Import plan) and needs a review to run */
    input: z
      .object({ id: z.string().optional(), plan: PlanSchema, untrusted: z.boolean().optional() })
      .strict(),
    output: SavedPlanSchema,
  },
  'plans.delete': { input: z.object({ id: z.string() }).strict(), output: Ok },
  /** What the user must review before the plan runs (untrusted origin, new non-loopback hosts). */
  'runs.review': { input: RunOriginInput, output: RunReviewSchema },
  /** `approval`: the digest of the review the user approved (runs.review) */
  'runs.start': {
    input: RunOriginInput.extend({ approval: z.string().optional() }).strict(),
    output: z.object({ runId: z.string() }),
  },
  'runs.cancel': { input: RunIdInput, output: Ok },
  'runs.active': { input: z.object({}).strict(), output: z.array(z.string()) },
  'runs.list': { input: RunFilterSchema, output: z.array(RunSummarySchema) },
  'runs.get': { input: RunIdInput, output: RunResultSchema },
  'runs.delete': { input: RunIdInput, output: Ok },
  'runs.export': {
    input: z.object({ runId: z.string().min(1), format: ExportFormatSchema }).strict(),
    output: ExportedFileSchema,
  },
  /** Two runs side by side, suite by suite, with significance tests and verdicts. */
  'runs.compare': { input: CompareInputSchema, output: RunComparisonSchema },
  /**
   * Marks a finished (passed or failed) run as the baseline of its plan and target ("Use as
   * baseline"), replacing any other there, or unmarks it.
   */
  'runs.setBaseline': {
    input: z.object({ runId: z.string().min(1), baseline: z.boolean() }).strict(),
    output: Ok,
  },
  /**
   * A run's deltas against the baseline of its plan and target (the chosen one, else the latest
   * earlier finished run: automatic); null when there is none or it is the baseline.
   */
  'runs.baselineDeltas': { input: RunIdInput, output: BaselineDeltasSchema },
  /** The baseline a new run of this plan and target would be compared with (run form). */
  'baselines.get': { input: BaselineScopeSchema, output: BaselineInfoSchema.nullable() },
  /** Forgets the chosen baseline of a plan and target: deltas go back to automatic. */
  'baselines.clear': { input: BaselineScopeSchema, output: Ok },
  /**
   * One exact run from a complete set of shard results (`perfdesk run --shard` files or pod
   * logs with a framed result), stored in the history as `perfdesk merge` does.
   */
  'runs.importShards': {
    input: z
      .object({
        files: z
          .array(z.object({ name: z.string(), text: z.string() }).strict())
          .min(1, 'choose the shard result files, one per shard')
          .max(1000),
      })
      .strict(),
    output: z.object({ runId: z.string(), status: RunStatusSchema, shards: z.number().int() }),
  },
  /**
   * The requests of a HAR, OpenAPI 3 document, Postman collection or curl file, for the run
   * form. Credential headers come back by name only; with `storeSecretsIn` they are sealed
   * into that http target's headers (the secret store), never sent to the page.
   */
  'requests.import': { input: RequestsImportInputSchema, output: RequestsImportOutputSchema },
  /** Saves a file where the user chooses: a save dialog in the app, a download in the browser. */
  'files.save': {
    input: ExportedFileSchema,
    output: z.object({ saved: z.boolean(), path: z.string().optional() }),
  },
} as const

export type ApiMethods = typeof apiMethods
export type ApiMethod = keyof ApiMethods
export type ApiInput<M extends ApiMethod> = z.input<ApiMethods[M]['input']>
export type ApiOutput<M extends ApiMethod> = z.output<ApiMethods[M]['output']>
export const apiMethodNames = Object.keys(apiMethods) as ApiMethod[]

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiMethods, name)
}

/** What the renderer talks to, whether over Electron IPC or the serve WebSocket. */
export interface PerfdeskApi {
  invoke<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>
  /** subscribes to run events; returns the unsubscribe function */
  onRunEvent(listener: (event: import('./events').RunEvent) => void): () => void
}

/** Errors cross the boundary as data, never as stack traces. */
export const ApiErrorSchema = z.object({
  code: z.enum(['invalid-input', 'not-found', 'failed']),
  message: z.string(),
  problems: z.array(z.object({ path: z.string(), message: z.string() })).default([]),
})
export type ApiError = z.infer<typeof ApiErrorSchema>

export const IPC_INVOKE_PREFIX = 'perfdesk:'
export const IPC_RUN_EVENT = 'perfdesk:run-event'
