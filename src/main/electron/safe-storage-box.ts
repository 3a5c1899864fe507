import { safeStorage } from 'electron'
import { join } from 'node:path'
import { FileSecretBox, MemorySecretBox, type SecretBox } from '../secrets'

/**
 * Secrets encrypted by the OS keychain (safeStorage) in userData/secrets.json. Where the OS
 * offers no real encryption (Linux without a keyring falls back to a fixed key), secrets stay
 * in memory for the session rather than on disk in effectively plain text.
 */
export function createAppSecretBox(userData: string, warn: (message: string) => void): SecretBox {
  const weak =
    !safeStorage.isEncryptionAvailable() ||
    (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')
  if (weak) {
    warn('no OS keychain available: saved passwords are kept only until PerfDesk quits')
    return new MemorySecretBox()
  }
  return new FileSecretBox({
    path: join(userData, 'secrets.json'),
    cipher: {
      encrypt: (plain) => safeStorage.encryptString(plain),
      decrypt: (encrypted) => safeStorage.decryptString(encrypted),
    },
    warn,
  })
}
