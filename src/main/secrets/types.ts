/**
 * Where the app keeps secret values (passwords, tokens) that plans refer to as
 * `{ "secretRef": "<id>" }`, so plan files and the history never hold them in clear text.
 */
export interface SecretBox {
  /** which kind of storage backs the box; shown in app.info */
  readonly storage: 'safeStorage' | 'encryptedFile' | 'memory'
  /** stores a value and returns a new reference to it */
  put(value: string): string
  /** the value behind a reference, or null if there is none */
  get(ref: string): string | null
  /** forgets a reference; returns whether it existed */
  delete(ref: string): boolean
}

/** An encrypt/decrypt pair, e.g. Electron's safeStorage.encryptString/decryptString. */
export interface SecretCipher {
  encrypt(plain: string): Buffer
  decrypt(encrypted: Buffer): string
}

const REF_PATTERN = /^sec_[0-9a-f]{32}$/

/** References are random and carry nothing of the value. */
export function isSecretRef(ref: unknown): ref is string {
  return typeof ref === 'string' && REF_PATTERN.test(ref)
}
