import { describe, expect, it } from 'vitest'
import { HttpLoadConfigSchema } from '@shared/index'
import {
  httpLoadConfigFromDraft,
  httpLoadDraftFromConfig,
  newHttpLoadDraft,
  type HttpLoadDraft,
} from './draft'

const toConfig = (patch: Partial<HttpLoadDraft>) => {
  const draft = { ...newHttpLoadDraft(), ...patch }
  const { config, problems } = httpLoadConfigFromDraft(draft, 'api')
  return { config, problems, parsed: HttpLoadConfigSchema.safeParse(config) }
}

describe('the http-load form draft and the open model', () => {
  it('turns a constant arrival rate into a valid config, and back', () => {
    const { config, problems, parsed } = toConfig({
      model: 'arrival-rate',
      rate: '200',
      durationSec: '2',
      maxConnections: '50',
    })
    expect(problems).toEqual([])
    expect(parsed.success).toBe(true)
    expect(config).toMatchObject({ model: 'arrival-rate', rate: 200, durationSec: 2 })
    expect(config).toMatchObject({ maxConnections: 50 })
    expect(config).not.toHaveProperty('connections')
    const back = httpLoadDraftFromConfig(parsed.data!)
    expect(back).toMatchObject({ model: 'arrival-rate', rateShape: 'constant', rate: '200' })
    expect(back.maxConnections).toBe('50')
    expect(back.kept).not.toHaveProperty('rate')
  })

  it('sends stages (and the rate they ramp from) without a duration of its own', () => {
    const { config, problems, parsed } = toConfig({
      model: 'arrival-rate',
      rateShape: 'stages',
      startRate: '20',
      stages: [
        { durationSec: '5', rate: '100' },
        { durationSec: '10', rate: '100' },
      ],
    })
    expect(problems).toEqual([])
    expect(parsed.success).toBe(true)
    expect(config).toMatchObject({
      rate: 20,
      stages: [
        { durationSec: 5, rate: 100 },
        { durationSec: 10, rate: 100 },
      ],
    })
    expect(config).not.toHaveProperty('durationSec')
    const back = httpLoadDraftFromConfig(parsed.data!)
    expect(back.rateShape).toBe('stages')
    expect(back.startRate).toBe('20')
    expect(back.stages).toEqual([
      { durationSec: '5', rate: '100' },
      { durationSec: '10', rate: '100' },
    ])
  })

  it('names the stage field that is not a number', () => {
    const { problems } = toConfig({
      model: 'arrival-rate',
      rateShape: 'stages',
      stages: [{ durationSec: 'ten', rate: '100' }],
    })
    expect(problems.map((p) => p.path)).toEqual(['stages[0].durationSec'])
  })

  it('sweeps connections in the closed model and rates in the open one', () => {
    const closed = toConfig({ sweepOn: true, sweepLevels: '1, 4 16;64', durationSec: '3' })
    expect(closed.problems).toEqual([])
    expect(closed.parsed.success).toBe(true)
    expect(closed.config).toMatchObject({ sweep: { connections: [1, 4, 16, 64] }, durationSec: 3 })
    const open = toConfig({
      model: 'arrival-rate',
      sweepOn: true,
      sweepLevels: '100, 200, 400',
      durationSec: '2',
    })
    expect(open.problems).toEqual([])
    expect(open.parsed.success).toBe(true)
    expect(open.config).toMatchObject({ model: 'arrival-rate', sweep: { rates: [100, 200, 400] } })
    expect(open.config).not.toHaveProperty('rate')
    expect(httpLoadDraftFromConfig(open.parsed.data!)).toMatchObject({
      model: 'arrival-rate',
      sweepOn: true,
      sweepLevels: '100, 200, 400',
    })
  })

  it('explains sweep levels it cannot use', () => {
    expect(toConfig({ sweepOn: true, sweepLevels: '1, 2.5' }).problems).toEqual([
      {
        path: 'sweep.connections',
        message: expect.stringContaining('"2.5" is not a whole number of connections'),
      },
    ])
    expect(
      toConfig({ model: 'arrival-rate', sweepOn: true, sweepLevels: '300' }).problems[0],
    ).toMatchObject({ path: 'sweep.rates', message: expect.stringContaining('at least two') })
  })

  it('carries generator threads ("auto" or a number) and the closed-model engine, and back', () => {
    const auto = toConfig({ threads: 'auto', engine: 'native' })
    expect(auto.problems).toEqual([])
    expect(auto.parsed.success).toBe(true)
    expect(auto.config).toMatchObject({ threads: 'auto', engine: 'native' })
    const two = toConfig({ threads: ' 2 ', engine: 'autocannon' })
    expect(two.config).toMatchObject({ threads: 2, engine: 'autocannon' })
    // autocannon runs in one thread: the schema says so on the threads field
    expect(two.parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['threads'])
    expect(toConfig({ threads: 'many' }).problems.map((p) => p.path)).toEqual(['threads'])
    expect(toConfig({}).config).not.toHaveProperty('threads')
    const back = httpLoadDraftFromConfig(auto.parsed.data!)
    expect(back).toMatchObject({ threads: 'auto', engine: 'native' })
    expect(back.kept).not.toHaveProperty('threads')
    // the open model has no engine choice
    expect(toConfig({ model: 'arrival-rate', rate: '100' }).config).not.toHaveProperty('engine')
  })
})

describe('request names, weights and what the form does not edit', () => {
  it('round-trips name, weight and checks; a weight that is no number is a problem at its field', () => {
    const config = HttpLoadConfigSchema.parse({
      kind: 'http-load',
      target: 'api',
      requests: [
        { name: 'list', method: 'GET', path: '/items', weight: 3, checks: [{ status: [200] }] },
        { method: 'POST', path: '/items', body: '{}' },
      ],
    })
    const draft = httpLoadDraftFromConfig(config)
    expect(draft.requests[0]).toMatchObject({ name: 'list', weight: '3' })
    expect(draft.requests[1]).toMatchObject({ name: '', weight: '' })
    const back = httpLoadConfigFromDraft(draft, 'api')
    expect(back.problems).toEqual([])
    expect(back.config).toMatchObject({
      requests: [
        { name: 'list', method: 'GET', path: '/items', weight: 3, checks: [{ status: [200] }] },
        { method: 'POST', path: '/items', body: '{}' },
      ],
    })
    const bad = { ...draft, requests: [{ ...draft.requests[0]!, weight: 'lots' }] }
    expect(httpLoadConfigFromDraft(bad, 'api').problems.map((p) => p.path)).toEqual([
      'requests[0].weight',
    ])
  })
})
