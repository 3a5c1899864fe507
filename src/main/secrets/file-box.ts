import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { newSecretRef } from './memory'
import type { SecretBox, SecretCipher } from './types'

const FILE_VERSION = 1

interface SecretFile {
  version: typeof FILE_VERSION
  /** ref → base64 of the cipher's output; never the value itself */
  secrets: Record<string, string>
}

export interface FileSecretBoxOptions {
  path: string
  cipher: SecretCipher
  /** told when an unreadable file is moved aside */
  warn?: (message: string) => void
  /** what app.info reports (default safeStorage: the desktop app's cipher) */
  storage?: 'safeStorage' | 'encryptedFile'
}

/**
 * Secrets encrypted with a caller-supplied cipher (safeStorage in the app) and kept in one
 * JSON file. Writes go to a temporary file renamed into place, so a crash leaves either
 * the old or the new file, never half of one.
 */
export class FileSecretBox implements SecretBox {
  readonly storage: 'safeStorage' | 'encryptedFile'
  private readonly path: string
  private readonly cipher: SecretCipher
  private readonly warn: (message: string) => void
  private entries: Map<string, string> | null = null

  constructor(options: FileSecretBoxOptions) {
    this.storage = options.storage ?? 'safeStorage'
    this.path = options.path
    this.cipher = options.cipher
    this.warn = options.warn ?? ((m) => console.warn(m))
  }

  put(value: string): string {
    if (typeof value !== 'string') throw new TypeError('a secret must be a string')
    const entries = this.load()
    const ref = newSecretRef()
    entries.set(ref, this.cipher.encrypt(value).toString('base64'))
    this.save(entries)
    return ref
  }

  get(ref: string): string | null {
    const encrypted = this.load().get(ref)
    if (encrypted === undefined) return null
    return this.cipher.decrypt(Buffer.from(encrypted, 'base64'))
  }

  delete(ref: string): boolean {
    const entries = this.load()
    if (!entries.delete(ref)) return false
    this.save(entries)
    return true
  }

  private load(): Map<string, string> {
    if (this.entries) return this.entries
    this.entries = new Map()
    if (!existsSync(this.path)) return this.entries
    try {
      const parsed = parseSecretFile(readFileSync(this.path, 'utf8'))
      this.entries = new Map(Object.entries(parsed.secrets))
    } catch (err) {
      // Keep the unreadable file for the user rather than overwriting it on the next put().
      const aside = `${this.path}.unreadable-${Date.now()}`
      renameSync(this.path, aside)
      const why = err instanceof Error ? err.message : String(err)
      this.warn(`secrets file ${this.path} could not be read (${why}); moved it to ${aside}`)
    }
    return this.entries
  }

  private save(entries: Map<string, string>): void {
    const file: SecretFile = { version: FILE_VERSION, secrets: Object.fromEntries(entries) }
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 })
    const tmp = `${this.path}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(file), { mode: 0o600 })
    chmodSync(tmp, 0o600)
    renameSync(tmp, this.path)
  }
}

function parseSecretFile(text: string): SecretFile {
  const data: unknown = JSON.parse(text)
  if (typeof data !== 'object' || data === null) throw new Error('not a JSON object')
  const { version, secrets } = data as { version?: unknown; secrets?: unknown }
  if (version !== FILE_VERSION) throw new Error(`unknown version ${String(version)}`)
  if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) {
    throw new Error('"secrets" is not an object')
  }
  for (const v of Object.values(secrets)) {
    if (typeof v !== 'string') throw new Error('a secret entry is not a string')
  }
  return { version, secrets: secrets as Record<string, string> }
}
