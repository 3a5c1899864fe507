import { describe, expect, it } from 'vitest'
import { PlanSchema, InputError } from '@shared/index'
import { redactPlan } from '@shared/redaction'
import { resolvePlanSecrets } from '../secrets'
import { reviewPlan } from '../trust/review'
import { importFixture } from './fixture'
import { importedPlan, importRequests } from './index'

const TOKEN = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2VjcmV0LXNpZ25hdHVyZQ'

describe('the plan an import writes', () => {
  const r = importRequests(importFixture('shop.chromium.har'), 'shop.har')
  const { plan, env } = importedPlan(r, 'Imported from shop.har', 'http://127.0.0.1:8080')

  it('is a valid plan: one http target, one http-load suite, 10 connections for 30 s', () => {
    const p = PlanSchema.parse(plan)
    expect(p.targets).toHaveLength(1)
    expect(p.suites[0]).toMatchObject({ kind: 'http-load', connections: 10, durationSec: 30 })
    expect(p.targets[0]).toMatchObject({ kind: 'http', baseUrl: 'http://127.0.0.1:8080' })
  })

  it('holds environment references where the credentials were, never the values', () => {
    const text = JSON.stringify(plan)
    expect(text).not.toContain('eyJhbGci')
    expect(text).not.toContain('s3cr3t')
    expect(plan.targets[0]).toMatchObject({
      headers: {
        Authorization: '{{env:PERFDESK_AUTHORIZATION}}',
        Cookie: '{{env:PERFDESK_COOKIE}}',
      },
    })
    expect(env.map((e) => e.name).sort()).toEqual(['PERFDESK_AUTHORIZATION', 'PERFDESK_COOKIE'])
    // the references survive redaction (they are no secret), so "run again" still finds them
    expect(JSON.stringify(redactPlan(PlanSchema.parse(plan)))).toContain(
      '{{env:PERFDESK_AUTHORIZATION}}',
    )
    expect(
      reviewPlan(PlanSchema.parse(plan))
        .envVars.map((e) => e.name)
        .sort(),
    ).toEqual(['PERFDESK_AUTHORIZATION', 'PERFDESK_COOKIE'])
  })

  it('resolves from the environment before a run, and names a variable that is not set', () => {
    const parsed = PlanSchema.parse(plan)
    const resolved = resolvePlanSecrets(parsed, undefined, {
      PERFDESK_AUTHORIZATION: TOKEN,
      PERFDESK_COOKIE: 'sessionid=abc',
    })
    expect(resolved.targets[0]).toMatchObject({
      headers: { Authorization: TOKEN, Cookie: 'sessionid=abc' },
    })
    let err: unknown
    try {
      resolvePlanSecrets(parsed, undefined, { PERFDESK_COOKIE: 'x' })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).problems).toEqual([
      {
        path: 'targets[0].headers.Authorization',
        message:
          'environment variable PERFDESK_AUTHORIZATION is not set; export it with the credential',
      },
    ])
  })

  it('moves a credential query value to the environment too', () => {
    const q = importRequests('curl "http://h/x?api_key=k-987654321&page=2"', 'q.sh')
    const out = importedPlan(q, 'q', undefined)
    expect(JSON.stringify(out.plan)).not.toContain('k-987654321')
    expect(out.plan.suites[0]).toMatchObject({
      requests: [{ path: '/x?api_key={{env:PERFDESK_QUERY_API_KEY}}&page=2' }],
    })
    expect(out.env).toEqual([
      { name: 'PERFDESK_QUERY_API_KEY', holds: 'the api_key query parameter' },
    ])
  })

  it('asks for a base URL when the file names none, and refuses an empty import', () => {
    const rel = importRequests(importFixture('inventory.openapi.json'), 'inv.json')
    expect(() => importedPlan(rel, 'x')).toThrow(/give one with --base-url URL/)
    const assets = {
      log: { entries: [{ request: { method: 'GET', url: 'https://x.test/a.png' } }] },
    }
    const none = importRequests(JSON.stringify(assets), 'pics.har')
    expect(none.requests).toEqual([])
    expect(() => importedPlan(none, 'x')).toThrow(
      /no requests left to import \(dropped: 1 static assets/,
    )
  })
})
