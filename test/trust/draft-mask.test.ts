import { describe, expect, it } from 'vitest'
import { HttpLoadConfigSchema } from '@shared/index'
import { MASK, REDACTED } from '@shared/redaction'
import {
  httpLoadConfigFromDraft,
  httpLoadDraftFromConfig,
} from '../../src/renderer/src/suites/http-load/draft'

describe('the form shows a redacted credential as ••• and will not run it', () => {
  it('asks for the credential again instead of sending the mask', () => {
    const config = HttpLoadConfigSchema.parse({
      kind: 'http-load',
      target: 'api',
      requests: [
        { path: `/items?page=2&access_token=${REDACTED}`, headers: { Cookie: REDACTED, A: 'b' } },
      ],
    })
    const draft = httpLoadDraftFromConfig(config)
    expect(draft.requests[0]!.path).toBe(`/items?page=2&access_token=${MASK}`)
    expect(draft.requests[0]!.headers).toBe(`Cookie: ${MASK}\nA: b`)
    const { problems } = httpLoadConfigFromDraft(draft, 'api')
    expect(problems.map((p) => p.path)).toEqual(['requests[0].path', 'requests[0].headers'])
    // typed again: it runs
    const typed = {
      ...draft,
      requests: [{ ...draft.requests[0]!, path: '/items?access_token=t', headers: 'Cookie: c=1' }],
    }
    expect(httpLoadConfigFromDraft(typed, 'api').problems).toEqual([])
  })
})
