import { describe, expect, it } from 'vitest'
import { PlanSchema, type Target } from '@shared/index'
import {
  credentialValues,
  displayCredential,
  literalCredentialPaths,
  MASK,
  maskSealed,
  REDACTED,
  redactPlan,
  rewriteUrlCredentials,
  scrubValues,
} from '@shared/redaction'
import {
  keepMaskedHeaders,
  MemorySecretBox,
  resolvePlanSecrets,
  sealPlanSecrets,
  sealTargetSecrets,
  secretRefsOf,
} from '../../src/main/secrets'

const R = (s: string): string => rewriteUrlCredentials(s, () => REDACTED, 'x')

describe('the credential rule', () => {
  it('finds URL passwords, credential query values and key=value passwords, and nothing else', () => {
    expect(R('http://bob:pw1@h:8080/a?b=1')).toBe(`http://bob:${REDACTED}@h:8080/a?b=1`)
    expect(R('redis://:pw2@127.0.0.1:6379/0')).toBe(`redis://:${REDACTED}@127.0.0.1:6379/0`)
    expect(R('/items?page=2&access_token=t&X-Amz-Signature=s&sessionId=q#frag')).toBe(
      `/items?page=2&access_token=${REDACTED}&X-Amz-Signature=${REDACTED}&sessionId=${REDACTED}#frag`,
    )
    expect(R("host=db user=app password='p w' dbname=x")).toBe(
      `host=db user=app password=${REDACTED} dbname=x`,
    )
    expect(R('postgres://u@127.0.0.1/test')).toBe('postgres://u@127.0.0.1/test')
    expect(R('/plain?page=1&sort=asc')).toBe('/plain?page=1&sort=asc')
  })

  it('redacts target and request headers by name in every suite config', () => {
    const plan = PlanSchema.parse({
      name: 'p',
      targets: [
        {
          id: 'a',
          kind: 'http',
          baseUrl: 'http://127.0.0.1:1',
          headers: { Authorization: 'Bearer x1', 'X-Session-Id': 's1', Accept: 'text/html' },
        },
      ],
      suites: [
        {
          kind: 'http-load',
          target: 'a',
          requests: [
            { path: '/', headers: { 'X-Auth-Token': 't1', Cookie: 'c=1', 'X-Req': 'keep' } },
          ],
        },
      ],
    })
    const red = redactPlan(plan)
    const t = red.targets[0] as Extract<Target, { kind: 'http' }>
    expect(t.headers).toEqual({
      Authorization: REDACTED,
      'X-Session-Id': REDACTED,
      Accept: 'text/html',
    })
    const s = red.suites[0] as { requests: { headers: Record<string, string> }[] }
    expect(s.requests[0]!.headers).toEqual({
      'X-Auth-Token': REDACTED,
      Cookie: REDACTED,
      'X-Req': 'keep',
    })
    expect(credentialValues(plan).sort()).toEqual(['Bearer x1'].sort())
    // (values shorter than 4 characters are not scrubbed from free text: too many false hits)
    expect(
      scrubValues({ e: 'failed with Bearer x1 at h', histogram: 'Bearer x1' }, ['Bearer x1']),
    ).toEqual({
      e: `failed with ${REDACTED} at h`,
      histogram: 'Bearer x1',
    })
  })

  it('seals a plan so no credential stays in clear text, and resolves it back for a run', () => {
    const box = new MemorySecretBox()
    const plan = PlanSchema.parse({
      name: 'p',
      targets: [
        {
          id: 'a',
          kind: 'http',
          baseUrl: 'http://u:urlpw@127.0.0.1:1',
          headers: { 'X-Api-Key': 'key-1' },
        },
        { id: 'r', kind: 'redis', url: 'redis://:redispw@127.0.0.1:6379' },
        { id: 'pg', kind: 'postgres', connectionString: 'postgres://u:pgpw@127.0.0.1/test' },
      ],
      suites: [
        {
          kind: 'http-load',
          target: 'a',
          requests: [{ path: '/x?token=qv', headers: { Cookie: 'c=1' } }],
        },
      ],
    })
    const sealed = sealPlanSecrets(plan, box)
    const text = JSON.stringify(sealed)
    for (const v of ['urlpw', 'key-1', 'redispw', 'pgpw', 'qv', 'c=1'])
      expect(text).not.toContain(v)
    expect(literalCredentialPaths(sealed.targets[0]!)).toEqual([])
    expect(secretRefsOf(sealed)).toHaveLength(6)
    expect(resolvePlanSecrets(sealed, (ref) => box.get(ref))).toEqual(plan)
  })

  it('shows sealed values as ••• and keeps them when saved back as •••', () => {
    const box = new MemorySecretBox()
    const before = sealTargetSecrets(
      { id: 'a', kind: 'http', baseUrl: 'http://127.0.0.1:1', headers: { 'X-Api-Key': 'k-123' } },
      box,
    )
    const shown = (before as { headers: Record<string, string> }).headers['X-Api-Key']!
    expect(displayCredential(shown)).toBe(MASK)
    const edited: Target = { ...before, headers: { 'X-Api-Key': MASK, 'X-New': 'n' } } as Target
    expect(keepMaskedHeaders(edited, before)).toEqual({
      ...before,
      headers: { 'X-Api-Key': shown, 'X-New': 'n' },
    })
    // a Redis URL password: sealed, shown as •••, kept when saved back unchanged
    const redis = sealTargetSecrets(
      { id: 'r', kind: 'redis', url: 'redis://:rpw-99@127.0.0.1:6379' },
      box,
    )
    const url = (redis as { url: string }).url
    expect(url).not.toContain('rpw-99')
    expect(maskSealed(url)).toBe(`redis://:${MASK}@127.0.0.1:6379`)
    expect(keepMaskedHeaders({ ...redis, url: maskSealed(url) } as Target, redis)).toEqual(redis)
    // moved to another host with the mask: the old password does not follow
    const moved = keepMaskedHeaders(
      { ...redis, url: `redis://:${MASK}@10.0.0.9:6379` } as Target,
      redis,
    )
    expect((moved as { url: string }).url).toBe(`redis://:${REDACTED}@10.0.0.9:6379`)
  })
})

describe('an imported result', () => {
  it('is stored with the rule applied: plan, suite configs and free text', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { openHistory } = await import('../../src/main/store')
    const { buildRunResult } = await import('../fixtures/run-result')
    const dir = mkdtempSync(join(tmpdir(), 'perfdesk-import-redact-'))
    try {
      const run = buildRunResult({ id: 'with-secrets' })
      const token = 'imported-token-7781'
      const plan = {
        ...run.plan,
        suites: run.plan.suites.map((s) => ({
          ...s,
          requests: [{ method: 'GET' as const, path: '/', headers: { 'X-Auth-Token': token } }],
        })),
      }
      const store = openHistory(join(dir, 'history.db'))
      store.importRun({
        ...run,
        plan,
        suites: run.suites.map((s) => ({
          ...s,
          config: plan.suites[0]!,
          error: `got ${token}`,
        })) as typeof run.suites,
      })
      const stored = JSON.stringify(store.getRun('with-secrets'))
      store.close()
      expect(stored).not.toContain(token)
      expect(stored).toContain(REDACTED)
      expect(readFileSync(join(dir, 'history.db')).toString('latin1')).not.toContain(token)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
