import { z } from 'zod'
import { IdSchema } from './common'
import { HttpRequestSpecSchema } from './suites/http-load'

/** The files "plan from" and "Import requests" read, found by their content. */
export const ImportFormatSchema = z.enum(['har', 'openapi', 'postman', 'curl'])
export type ImportFormat = z.infer<typeof ImportFormatSchema>
export const IMPORT_FORMAT_LABEL: Record<ImportFormat, string> = {
  har: 'HAR',
  openapi: 'OpenAPI 3',
  postman: 'Postman collection',
  curl: 'curl commands',
}

export const ImportOptionsSchema = z
  .object({
    /** the target's base URL; in a HAR it also picks the origin when one matches */
    baseUrl: z.string().optional(),
    /** HAR: keep images, CSS, scripts, fonts and media */
    includeAssets: z.boolean().optional(),
    /** HAR: keep every origin's requests (all sent to the one target) */
    allOrigins: z.boolean().optional(),
  })
  .strict()
export type ImportOptions = z.infer<typeof ImportOptionsSchema>

/** A credential header found in the file: its name only; the value never leaves the main side. */
export const ImportedSecretSchema = z.object({
  name: z.string(),
  /** how many kept requests carried it */
  requests: z.number().int(),
})

/** What an import found, as the UI shows it (no credential values). */
export const ImportedRequestsSchema = z.object({
  format: ImportFormatSchema,
  /** the base URL the file points at (HAR origin, OpenAPI servers[0], …), when it says */
  baseUrl: z.string().nullable(),
  requests: z.array(HttpRequestSpecSchema),
  /** what was left out and why, e.g. {reason: "static assets", count: 41} */
  dropped: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  /** plain sentences: which origin was chosen, duplicates merged, variables kept, … */
  notes: z.array(z.string()),
  secrets: z.array(ImportedSecretSchema),
})
export type ImportedRequests = z.infer<typeof ImportedRequestsSchema>

/** What fits one message of the serve WebSocket (8 MB) once JSON-escaped. */
export const MAX_IMPORT_CHARS = 6 * 1024 * 1024

/** `requests.import`: the file's text; with `storeSecretsIn`, its credential headers go to that target. */
export const RequestsImportInputSchema = ImportOptionsSchema.extend({
  fileName: z.string().min(1).max(500),
  text: z
    .string()
    .min(1, 'the file is empty')
    .max(
      MAX_IMPORT_CHARS,
      'the file is larger than 6 MB (HAR response bodies left out); make the plan with `perfdesk plan from FILE`',
    ),
  storeSecretsIn: IdSchema.optional(),
}).strict()

export const RequestsImportOutputSchema = ImportedRequestsSchema.extend({
  /** the credential header names now kept (sealed) in the target's secret store */
  storedSecrets: z.array(z.string()),
})
