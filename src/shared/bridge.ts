/**
 * The shape of `window.perfdesk`, which the Electron preload exposes to the renderer.
 * Type-only imports keep this file free of zod, so the sandboxed preload stays a small
 * bundle that requires nothing but `electron`.
 */
import type { ApiError, ApiInput, ApiMethod, ApiOutput, PerfdeskApi } from './api'
import type { FieldProblem } from './validation'
import type { RunEvent } from './events'
import type { ApiResult } from './wire'

/** Every method of the API, listed without zod. A test checks it equals `apiMethodNames`. */
export const BRIDGE_METHOD_NAMES = [
  'app.info',
  'targets.list',
  'targets.save',
  'targets.delete',
  'targets.test',
  'plans.list',
  'plans.save',
  'plans.delete',
  'runs.review',
  'runs.start',
  'runs.cancel',
  'runs.active',
  'runs.list',
  'runs.get',
  'runs.delete',
  'runs.export',
  'runs.compare',
  'runs.importShards',
  'runs.setBaseline',
  'runs.baselineDeltas',
  'baselines.get',
  'baselines.clear',
  'requests.import',
  'files.save',
] as const satisfies readonly ApiMethod[]

// Fails to compile when api.ts gains a method this list lacks.
type MissingFromBridge = Exclude<ApiMethod, (typeof BRIDGE_METHOD_NAMES)[number]>
const _everyMethodListed: [MissingFromBridge] extends [never] ? true : MissingFromBridge = true
void _everyMethodListed

/** Same values as IPC_INVOKE_PREFIX / IPC_RUN_EVENT in api.ts (a test checks), without zod. */
export const BRIDGE_INVOKE_PREFIX = 'perfdesk:'
export const BRIDGE_RUN_EVENT = 'perfdesk:run-event'

const bridgeMethodSet: ReadonlySet<string> = new Set(BRIDGE_METHOD_NAMES)
export function isBridgeMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && bridgeMethodSet.has(name)
}

/** The answer of an IPC call: the shared envelope of wire.ts (imported as a type: no zod here). */
export type ApiResponse<T> = ApiResult<T>

export type BridgeMethods = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiResponse<ApiOutput<M>>>
}

export interface PerfdeskBridge {
  /** one function per API method, each bound to its own IPC channel */
  readonly methods: BridgeMethods
  /** subscribes to run events; returns the unsubscribe function */
  onRunEvent(listener: (event: RunEvent) => void): () => void
}

declare global {
  interface Window {
    /** present in the desktop app; absent in the browser (`perfdesk serve`) */
    perfdesk?: PerfdeskBridge
  }
}

/** A failed API call, as the renderer sees it. */
export class ApiCallError extends Error {
  readonly code: ApiError['code']
  readonly problems: FieldProblem[]
  constructor(error: ApiError) {
    super(error.message)
    this.name = 'ApiCallError'
    this.code = error.code
    this.problems = error.problems
  }
}

/** Adapts the bridge to the transport-neutral PerfdeskApi the renderer codes against. */
export function apiFromBridge(bridge: PerfdeskBridge): PerfdeskApi {
  return {
    async invoke<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
      const call = bridge.methods[method] as
        ((input: ApiInput<M>) => Promise<ApiResponse<ApiOutput<M>>>) | undefined
      if (!isBridgeMethod(method) || typeof call !== 'function') {
        throw new ApiCallError({
          code: 'failed',
          message: `unknown API method "${String(method)}"`,
          problems: [],
        })
      }
      const response = await call(input)
      if (response.ok) return response.value
      throw new ApiCallError(response.error)
    },
    onRunEvent: (listener) => bridge.onRunEvent(listener),
  }
}
