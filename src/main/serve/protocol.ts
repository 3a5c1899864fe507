import { z } from 'zod'
import type { ApiError, RunEvent } from '@shared/index'

/** What the page sends over the WebSocket: one API call. */
export const ClientMessageSchema = z
  .object({
    id: z.union([z.number().int().nonnegative(), z.string().min(1).max(64)]),
    method: z.string().min(1).max(64),
    input: z.unknown().optional(),
  })
  .strict()
export type ClientMessage = z.infer<typeof ClientMessageSchema>

/** What the server sends: the answer to a call, or a run event pushed to every page. */
export type ServerMessage =
  | { id: number | string | null; ok: true; output: unknown }
  | { id: number | string | null; ok: false; error: ApiError }
  | { event: RunEvent }
