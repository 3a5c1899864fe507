import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestApi, type TestApi } from '../../../test/helpers/api-harness'
import { importFixture } from '../import/fixture'

describe('requests.import', () => {
  let h: TestApi
  beforeEach(() => {
    h = openTestApi('perfdesk-import-api-')
    h.store.saveTarget({
      kind: 'http',
      id: 'shop',
      baseUrl: 'http://127.0.0.1:8080',
      headers: { Accept: 'application/json', authorization: 'Bearer old-token-value' },
    })
  })
  afterEach(() => h.close())

  const har = importFixture('shop.chromium.har')

  it('answers the requests and the credential names, never their values', async () => {
    const r = await h.api.respond('requests.import', { fileName: 'shop.har', text: har })
    expect(r.ok).toBe(true)
    const text = JSON.stringify(r)
    expect(text).not.toContain('eyJhbGci')
    expect(text).not.toContain('s3cr3t')
    if (!r.ok) return
    const v = r.value as { requests: unknown[]; secrets: unknown[]; storedSecrets: string[] }
    expect(v.requests).toHaveLength(6)
    expect(v.secrets).toEqual([
      { name: 'Cookie', requests: 8 },
      { name: 'Authorization', requests: 7 },
    ])
    expect(v.storedSecrets).toEqual([])
    // nothing stored without storeSecretsIn
    const t0 = h.store.listTargets()[0]
    expect(t0?.kind === 'http' ? t0.headers : null).toEqual({
      Accept: 'application/json',
      authorization: 'Bearer old-token-value',
    })
  })

  it('with storeSecretsIn, seals them into the target: the stored target holds references only', async () => {
    const r = await h.api.respond('requests.import', {
      fileName: 'shop.har',
      text: har,
      storeSecretsIn: 'shop',
    })
    expect(r).toMatchObject({ ok: true, value: { storedSecrets: ['Cookie', 'Authorization'] } })
    const t = h.store.listTargets().find((x) => x.id === 'shop')!
    expect(t.kind).toBe('http')
    const headers = t.kind === 'http' ? t.headers! : {}
    // the old authorization header (other case) is replaced, not doubled
    expect(Object.keys(headers).sort()).toEqual(['Accept', 'Authorization', 'Cookie'])
    expect(headers.Authorization).toMatch(/^\{\{secret:sec_[0-9a-f]{32}\}\}$/)
    expect(JSON.stringify(t)).not.toContain('eyJhbGci')
    const ref = /sec_[0-9a-f]{32}/.exec(headers.Authorization!)![0]
    expect(h.secrets.get(ref)).toMatch(/^Bearer eyJhbGci/)
  })

  it('a file of no known format is a failure naming the file; a bad target is named', async () => {
    const r = await h.api.respond('requests.import', { fileName: 'notes.txt', text: 'hello' })
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'failed',
        message: expect.stringMatching(/^notes\.txt: not a file PerfDesk imports/),
      },
    })
    const t = await h.api.respond('requests.import', {
      fileName: 'shop.har',
      text: har,
      storeSecretsIn: 'nope',
    })
    expect(t).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'no target with id "nope"' },
    })
    const empty = await h.api.respond('requests.import', { fileName: 'x', text: '' })
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })
})
