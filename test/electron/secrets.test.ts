import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  FileSecretBox,
  isSecretRef,
  MemorySecretBox,
  type SecretCipher,
} from '../../src/main/secrets'

/** A fake cipher that is reversible but visibly not plain text (XOR with a key). */
function xorCipher(key = 0x5a): SecretCipher & { calls: number } {
  const c = {
    calls: 0,
    encrypt: (plain: string) => {
      c.calls++
      return Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ key))
    },
    decrypt: (enc: Buffer) => Buffer.from(enc.map((b) => b ^ key)).toString('utf8'),
  }
  return c
}

const dir = () => mkdtempSync(join(tmpdir(), 'pd-secrets-'))

describe('MemorySecretBox', () => {
  it('stores, reads and forgets values under random references', () => {
    const box = new MemorySecretBox()
    const a = box.put('hunter2')
    const b = box.put('hunter2')
    expect(isSecretRef(a)).toBe(true)
    expect(a).not.toBe(b)
    expect(a).not.toContain('hunter2')
    expect(box.get(a)).toBe('hunter2')
    expect(box.delete(a)).toBe(true)
    expect(box.delete(a)).toBe(false)
    expect(box.get(a)).toBeNull()
    expect(box.get(b)).toBe('hunter2')
    expect(box.storage).toBe('memory')
  })
})

describe('FileSecretBox', () => {
  it('persists encrypted values across instances and never writes them in clear', () => {
    const path = join(dir(), 'secrets.json')
    const cipher = xorCipher()
    const box = new FileSecretBox({ path, cipher })
    const ref = box.put('pg-password-Ä€')
    const other = box.put('redis-token')
    expect(cipher.calls).toBe(2)
    const text = readFileSync(path, 'utf8')
    expect(text).not.toContain('pg-password')
    expect(text).not.toContain('redis-token')
    expect(JSON.parse(text).secrets[ref]).toBe(cipher.encrypt('pg-password-Ä€').toString('base64'))
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600)

    const again = new FileSecretBox({ path, cipher: xorCipher() })
    expect(again.get(ref)).toBe('pg-password-Ä€')
    expect(again.get(other)).toBe('redis-token')
    expect(again.delete(ref)).toBe(true)
    expect(new FileSecretBox({ path, cipher: xorCipher() }).get(ref)).toBeNull()
    expect(new FileSecretBox({ path, cipher: xorCipher() }).get(other)).toBe('redis-token')
  })

  it('decrypts through the cipher: a different key does not give the value back', () => {
    const path = join(dir(), 'secrets.json')
    const ref = new FileSecretBox({ path, cipher: xorCipher(1) }).put('s3cret')
    expect(new FileSecretBox({ path, cipher: xorCipher(2) }).get(ref)).not.toBe('s3cret')
  })

  it('creates its folder and leaves no temporary file behind', () => {
    const root = dir()
    const path = join(root, 'nested', 'secrets.json')
    new FileSecretBox({ path, cipher: xorCipher() }).put('x')
    expect(readdirSync(join(root, 'nested'))).toEqual(['secrets.json'])
  })

  it('moves an unreadable file aside instead of overwriting it', () => {
    const root = dir()
    const path = join(root, 'secrets.json')
    writeFileSync(path, '{ not json')
    const warnings: string[] = []
    const box = new FileSecretBox({ path, cipher: xorCipher(), warn: (m) => warnings.push(m) })
    expect(box.get('sec_00000000000000000000000000000000')).toBeNull()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/could not be read/)
    const aside = readdirSync(root).find((f) => f.startsWith('secrets.json.unreadable-'))
    expect(aside).toBeDefined()
    expect(readFileSync(join(root, aside!), 'utf8')).toBe('{ not json')
    const ref = box.put('fresh')
    expect(new FileSecretBox({ path, cipher: xorCipher() }).get(ref)).toBe('fresh')
  })

  it('rejects a file of an unknown version the same way', () => {
    const root = dir()
    const path = join(root, 'secrets.json')
    writeFileSync(path, JSON.stringify({ version: 9, secrets: {} }))
    const warnings: string[] = []
    new FileSecretBox({ path, cipher: xorCipher(), warn: (m) => warnings.push(m) }).get('x')
    expect(warnings[0]).toMatch(/unknown version 9/)
    expect(existsSync(path)).toBe(false)
  })
})
