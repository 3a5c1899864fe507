import { z } from 'zod'

/** Ids appear in file names, CLI arguments and Redis key prefixes: keep them plain. */
export const IdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    'use 1–64 letters, digits, "_", "." or "-", starting with a letter or digit',
  )

/**
 * A secret in a plan file is either literal text, a reference to an environment variable
 * (`{"env": "PGPASSWORD"}`) or, inside the app, a handle to a value kept with safeStorage.
 */
export const SecretSchema = z.union([
  z.string(),
  z
    .object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') })
    .strict(),
  z.object({ secretRef: z.string().min(1) }).strict(),
])
export type Secret = z.infer<typeof SecretSchema>

/** An optional limit between 0 and 1 whose error names the field (a fresh schema per call). */
export const optionalFraction = (name: string) =>
  z.number().min(0).max(1, `${name} is a fraction between 0 and 1`).optional()

export const HeadersSchema = z.record(z.string().min(1, 'header names cannot be empty'), z.string())

export const SeveritySchema = z.enum(['critical', 'warning', 'info'])
export type Severity = z.infer<typeof SeveritySchema>
