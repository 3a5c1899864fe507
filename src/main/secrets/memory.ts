import { randomBytes } from 'node:crypto'
import type { SecretBox } from './types'

export function newSecretRef(): string {
  return `sec_${randomBytes(16).toString('hex')}`
}

/** Secrets that live as long as the process: `perfdesk serve`, tests, and machines without a keyring. */
export class MemorySecretBox implements SecretBox {
  readonly storage = 'memory' as const
  private readonly values = new Map<string, string>()

  put(value: string): string {
    if (typeof value !== 'string') throw new TypeError('a secret must be a string')
    const ref = newSecretRef()
    this.values.set(ref, value)
    return ref
  }

  get(ref: string): string | null {
    return this.values.get(ref) ?? null
  }

  delete(ref: string): boolean {
    return this.values.delete(ref)
  }
}
