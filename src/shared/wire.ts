import { z } from 'zod'
import { ApiErrorSchema, type ApiError } from './api'
import { RunEventSchema } from './events'

/**
 * The envelope of an API call on every transport: the desktop app's IPC (one channel per
 * method, so no id) and the `perfdesk serve` WebSocket (calls and answers paired by `id`, run
 * events pushed). The same field names everywhere: a call is `{id, method, input}`, an answer
 * `{ok: true, value}` or `{ok: false, error}` (errors travel as data: Electron keeps only the
 * message of a thrown error, and the UI needs the field problems to mark a form).
 */

/** The answer to one call, as IPC returns it and as the WebSocket sends it (with an `id`). */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError }

export const ApiResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }).strict(),
  z.object({ ok: z.literal(false), error: ApiErrorSchema }).strict(),
])

// Fails to compile when the schema and the generic type part ways.
const _resultMatches: z.infer<typeof ApiResultSchema> extends ApiResult<unknown>
  ? ApiResult<unknown> extends z.infer<typeof ApiResultSchema>
    ? true
    : false
  : false = true
void _resultMatches

const CallIdSchema = z.union([z.number().int().nonnegative(), z.string().min(1).max(64)])

/** What the page sends over the WebSocket: one API call. */
export const WireCallSchema = z
  .object({
    id: CallIdSchema,
    method: z.string().min(1).max(64),
    input: z.unknown().optional(),
  })
  .strict()
export type WireCall = z.infer<typeof WireCallSchema>

/** An answer over the WebSocket; `id` is null when the call was too broken to read one. */
export const WireReplySchema = z.discriminatedUnion('ok', [
  z.object({ id: CallIdSchema.nullable(), ok: z.literal(true), value: z.unknown() }).strict(),
  z.object({ id: CallIdSchema.nullable(), ok: z.literal(false), error: ApiErrorSchema }).strict(),
])
export type WireReply = ApiResult<unknown> & { id: WireCall['id'] | null }

/** A run event, pushed to every page. */
export const WireEventSchema = z.object({ event: RunEventSchema })
export type WireEvent = z.infer<typeof WireEventSchema>

/** Everything the server sends over the WebSocket. */
export const ServerMessageSchema = z.union([WireReplySchema, WireEventSchema])
export type ServerMessage = WireReply | WireEvent
