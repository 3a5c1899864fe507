/**
 * The IPC boundary of the desktop app, without `electron`: for each API method a handler that
 * refuses foreign senders, validates the input with the method's zod schema, calls the
 * dispatcher and turns every outcome into the shared envelope `ApiResult` of @shared/wire
 * (errors as data, no stack traces).
 */
import {
  apiMethodNames,
  apiMethods,
  describeIssues,
  InputError,
  type ApiError,
  type ApiMethod,
  type ApiResult,
} from '@shared/index'
import { toApiError } from '../api/errors'
import { isTrustedSender, type RendererOrigin, type SenderFrame } from './security'

export type Dispatch = (method: ApiMethod, input: unknown) => Promise<unknown>

export type IpcHandler = (sender: SenderFrame | null, input: unknown) => Promise<ApiResult<unknown>>

export interface IpcHandlerDeps {
  dispatch: Dispatch
  origin: RendererOrigin
  /** told about refused senders and unexpected failures */
  log?: (message: string) => void
}

export function ipcChannel(method: ApiMethod): string {
  return `perfdesk:${method}`
}

export function createIpcHandler(method: ApiMethod, deps: IpcHandlerDeps): IpcHandler {
  const schema = apiMethods[method].input
  return async (sender, input) => {
    if (!isTrustedSender(sender, deps.origin)) {
      deps.log?.(`refused ${method} from ${sender ? sender.url : 'a closed frame'}`)
      return failure({
        code: 'failed',
        message: `${method} refused: the request did not come from the PerfDesk window`,
        problems: [],
      })
    }
    const parsed = schema.safeParse(input)
    if (!parsed.success) {
      const problems = describeIssues(parsed.error)
      return failure({
        code: 'invalid-input',
        message: new InputError(method, problems).message,
        problems,
      })
    }
    try {
      return { ok: true, value: await deps.dispatch(method, parsed.data) }
    } catch (err) {
      const error = toApiError(err)
      if (error.code === 'failed')
        deps.log?.(
          `${method} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        )
      return failure(error)
    }
  }
}

/** One handler per method, keyed by channel name. */
export function createIpcHandlers(deps: IpcHandlerDeps): Map<string, IpcHandler> {
  return new Map(apiMethodNames.map((m) => [ipcChannel(m), createIpcHandler(m, deps)]))
}

function failure(error: ApiError): ApiResult<never> {
  return { ok: false, error }
}
