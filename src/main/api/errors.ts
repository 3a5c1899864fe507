import { ZodError } from 'zod'
import { describeIssues, InputError, type ApiError } from '@shared/index'

/** An error the API means to show the user as is, with its code. */
export class ApiFailure extends Error {
  readonly code: ApiError['code']
  constructor(code: ApiError['code'], message: string) {
    super(message)
    this.name = 'ApiFailure'
    this.code = code
  }
}

export const notFound = (what: string, id: string): ApiFailure =>
  new ApiFailure('not-found', `no ${what} with id "${id}"`)

export const failed = (message: string): ApiFailure => new ApiFailure('failed', message)

/** Turns anything thrown by a handler into error data: the message, never a stack trace. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof InputError) {
    return { code: 'invalid-input', message: err.message, problems: err.problems }
  }
  if (err instanceof ZodError) {
    const problems = describeIssues(err)
    const message = problems.map((p) => `${p.path}: ${p.message}`).join('; ')
    return { code: 'invalid-input', message, problems }
  }
  if (err instanceof ApiFailure) return { code: err.code, message: err.message, problems: [] }
  // the history's own errors carry a code; its "not-found" is ours too
  if (err instanceof Error && (err as { code?: unknown }).code === 'not-found') {
    return { code: 'not-found', message: err.message, problems: [] }
  }
  const message = err instanceof Error ? err.message : String(err)
  return { code: 'failed', message: message || 'the request failed', problems: [] }
}
