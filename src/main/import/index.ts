import type { ImportOptions } from '@shared/index'
import { finishImport, type ImportResult, type ParsedFile } from './common'
import { readCurlFile } from './curl'
import { detectFormat } from './detect'
import { readHar } from './har'
import { readOpenApi } from './openapi'
import { readPostman } from './postman'

export { ImportError, type FoundSecret, type ImportResult } from './common'
export { detectFormat } from './detect'
export { importedPlan, type ImportedPlan } from './plan'

/**
 * Turns a HAR, an OpenAPI 3 document, a Postman collection or a file of curl commands into
 * http-load requests, the base URL the file points at, and the credential headers found (kept
 * apart: they go to the target's secret store or an environment variable, never the plan text).
 */
export function importRequests(
  text: string,
  file: string,
  options: ImportOptions = {},
): ImportResult {
  const { format, data } = detectFormat(text, file)
  let parsed: ParsedFile
  switch (format) {
    case 'har':
      parsed = readHar(data, file, options.includeAssets)
      break
    case 'openapi':
      parsed = readOpenApi(data as Record<string, unknown>, file)
      break
    case 'postman':
      parsed = readPostman(data, file)
      break
    case 'curl':
      parsed = readCurlFile(data as string, file)
      break
  }
  return finishImport(parsed, options)
}
