import { describe, expect, it } from 'vitest'
import type { RunEvent, RunResult, Target } from '@shared/index'
import { InputError } from '@shared/index'
import { useTestApi } from '../../../test/helpers/api-harness'
import { useServer } from '../../../test/helpers/use-server'
import { ApiFailure, defaultRunExporter } from './index'
import { httpLoadPlan } from '../../../test/fixtures/plans'

describe('the API dispatcher', () => {
  const server = useServer({ delayMs: 5 })
  const t = useTestApi('perfdesk-api-', '1.2.3')

  const bearer = (token: string | { secretRef: string }): Target => ({
    kind: 'http',
    id: 'api',
    name: 'API',
    baseUrl: server.url,
    auth: { type: 'bearer', token },
  })

  it('answers app.info from its deps', async () => {
    const r = await t.api.respond('app.info', {})
    expect(r).toEqual({
      ok: true,
      value: {
        version: '1.2.3',
        mode: 'browser',
        dbPath: t.store.path,
        platform: process.platform,
        secretStorage: 'memory',
      },
    })
  })

  it('refuses unknown methods and invalid input as data, naming the field', async () => {
    expect(await t.api.respond('fs.readFile', {})).toMatchObject({
      ok: false,
      error: { code: 'failed', message: 'unknown method "fs.readFile"' },
    })
    const r = await t.api.respond('targets.save', { kind: 'http', id: 'bad id!', baseUrl: 'nope' })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('invalid-input')
    expect(r.error.problems.map((p) => p.path).sort()).toEqual(['baseUrl', 'id'])
    expect(r.error.message).not.toMatch(/\n\s+at /)
    const extra = await t.api.respond('runs.list', { limit: 5, secret: 1 })
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('dispatch rejects with InputError (problems kept) or ApiFailure (code kept)', async () => {
    const bad = await t.api.dispatch('runs.get', {}).catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(InputError)
    expect((bad as InputError).problems[0]?.path).toBe('runId')
    const missing = await t.api.dispatch('runs.get', { runId: 'nope' }).catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(ApiFailure)
    expect((missing as ApiFailure).code).toBe('not-found')
  })

  it('keeps a literal token in the secret box, never in the history or in targets.list', async () => {
    const saved = await t.api.dispatch('targets.save', bearer('s3cret-token'))
    const ref = (saved as { auth: { token: { secretRef: string } } }).auth.token.secretRef
    expect(t.secrets.get(ref)).toBe('s3cret-token')
    const list = await t.api.dispatch('targets.list', {})
    expect(JSON.stringify(list)).not.toContain('s3cret-token')
    expect(list).toEqual([{ ...bearer({ secretRef: ref }) }])

    // saved again with its reference: the secret stays
    await t.api.dispatch('targets.save', bearer({ secretRef: ref }))
    expect(t.secrets.get(ref)).toBe('s3cret-token')
    // a new value replaces it, and the old one is forgotten
    const again = await t.api.dispatch('targets.save', bearer('new-token'))
    const ref2 = (again as { auth: { token: { secretRef: string } } }).auth.token.secretRef
    expect(ref2).not.toBe(ref)
    expect(t.secrets.get(ref)).toBeNull()
    expect(t.secrets.get(ref2)).toBe('new-token')
    // deleting the target forgets its secret
    expect(await t.api.dispatch('targets.delete', { id: 'api' })).toEqual({ ok: true })
    expect(t.secrets.get(ref2)).toBeNull()
    expect(await t.api.respond('targets.delete', { id: 'api' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
  })

  it('tests a target with its stored secret resolved', async () => {
    const saved = (await t.api.dispatch('targets.save', bearer('tok-123'))) as Target
    const r = await t.api.dispatch('targets.test', saved)
    expect(r).toMatchObject({ ok: true })
    expect(server.stats().lastHeaders?.authorization).toBe('Bearer tok-123')

    const lost = await t.api.dispatch(
      'targets.test',
      bearer({ secretRef: 'sec_00000000000000000000000000000000' }),
    )
    expect(lost).toMatchObject({ ok: false, latencyMs: null })
    expect((lost as { message: string }).message).toContain('enter the password or token again')
  })

  it('runs a plan, streams its events, and exports it as JSON; PDF only when a renderer is there', async () => {
    const events: RunEvent[] = []
    const off = t.api.onRunEvent((e) => events.push(e))
    const plan = httpLoadPlan('API test / smoke', server.url, { connections: 2, durationSec: 1 })
    const { runId } = (await t.api.dispatch('runs.start', { plan })) as { runId: string }
    expect(await t.api.dispatch('runs.active', {})).toEqual([runId])
    expect(await t.api.respond('runs.delete', { runId })).toMatchObject({
      ok: false,
      error: { code: 'failed' },
    })
    await expect.poll(() => events.at(-1)?.type, { timeout: 30_000 }).toBe('run-finished')
    off()
    expect(events[0]).toMatchObject({ type: 'run-started', runId })
    expect(events.some((e) => e.type === 'progress')).toBe(true)

    const file = (await t.api.dispatch('runs.export', { runId, format: 'json' })) as {
      filename: string
      data: string
      mime: string
    }
    expect(file.mime).toBe('application/json')
    expect(file.filename).toBe(`perfdesk-api-test-smoke-${runId}.json`)
    const run = JSON.parse(file.data) as RunResult
    expect(run.id).toBe(runId)
    expect(run.status).toBe('passed')
    expect(file.data).toBe(JSON.stringify(run, null, 2))

    expect(await t.api.respond('runs.export', { runId, format: 'pdf' })).toEqual({
      ok: false,
      error: { code: 'failed', message: 'PDF export is not available yet', problems: [] },
    })
    const pdf = await defaultRunExporter()(run, 'pdf')
    expect(pdf.encoding).toBe('base64')
    expect(Buffer.from(pdf.data, 'base64').subarray(0, 5).toString()).toBe('%PDF-')

    expect(await t.api.dispatch('runs.delete', { runId })).toEqual({ ok: true })
    expect(await t.api.respond('runs.get', { runId })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
  })

  it('says files are saved by the browser when there is no save dialog', async () => {
    const r = await t.api.respond('files.save', {
      filename: 'a.json',
      mime: 'application/json',
      encoding: 'utf8',
      data: '{}',
    })
    expect(r).toMatchObject({ ok: false, error: { code: 'failed' } })
  })
})
