import type { Target } from '@shared/index'

/**
 * Paths of secret fields holding literal text. The app replaces secrets with {secretRef} before
 * saving; with requireSecretRefs the store refuses anything that slipped through.
 */
export function literalSecretFields(target: Target): string[] {
  const found: string[] = []
  const literal = (v: unknown): boolean => typeof v === 'string' && v.length > 0
  switch (target.kind) {
    case 'http':
      if (target.auth?.type === 'bearer' && literal(target.auth.token)) found.push('auth.token')
      if (target.auth?.type === 'basic' && literal(target.auth.password))
        found.push('auth.password')
      break
    case 'postgres':
      if (literal(target.password)) found.push('password')
      // a connection string is harmless unless it carries a password (postgres://u:pw@host)
      if (typeof target.connectionString === 'string' && hasUrlPassword(target.connectionString)) {
        found.push('connectionString')
      }
      break
    case 'redis':
      if (literal(target.password)) found.push('password')
      if (hasUrlPassword(target.url)) found.push('url')
      break
    case 'process':
      break
  }
  return found
}

function hasUrlPassword(url: string): boolean {
  try {
    return new URL(url).password !== ''
  } catch {
    return false
  }
}
