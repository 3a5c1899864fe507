import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'
import type { SecretCipher } from './types'

const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16

/**
 * AES-256-GCM with a random key kept in a file only its owner can read (0600): what
 * `perfdesk serve` has where no OS keychain is at hand. It protects the secrets file when it
 * is copied or backed up without the key; anyone who can read both as the user can decrypt.
 */
export function keyFileCipher(keyPath: string): SecretCipher {
  const key = loadOrCreateKey(keyPath)
  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES)
      const c = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()])
      return Buffer.concat([iv, c.getAuthTag(), body])
    },
    decrypt(data) {
      if (data.length < IV_BYTES + TAG_BYTES) throw new Error('an encrypted secret is too short')
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES))
      d.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
      return Buffer.concat([d.update(data.subarray(IV_BYTES + TAG_BYTES)), d.final()]).toString(
        'utf8',
      )
    },
  }
}

function loadOrCreateKey(path: string): Buffer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    try {
      const fd = openSync(path, 'wx', 0o600)
      try {
        writeSync(fd, randomBytes(KEY_BYTES).toString('hex'))
      } finally {
        closeSync(fd)
      }
    } catch (err) {
      // another process made it first: use theirs
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
  }
  if (process.platform !== 'win32') chmodSync(path, 0o600)
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex')
  if (key.length !== KEY_BYTES)
    throw new Error(`the key file ${path} is damaged (expected ${KEY_BYTES} bytes of hex)`)
  return key
}
