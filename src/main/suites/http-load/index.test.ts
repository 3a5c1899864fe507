import { describe, expect, it } from 'vitest'
import { HttpLoadConfigSchema } from '@shared/index'
import { httpLoadSuite } from './index'

const config = (over: Record<string, unknown>) =>
  HttpLoadConfigSchema.parse({ kind: 'http-load', target: 't', requests: [{ path: '/' }], ...over })

describe('http-load suite definition', () => {
  it('knows how long a run takes when it can', () => {
    expect(httpLoadSuite.expectedSec(config({}))).toBe(10)
    expect(httpLoadSuite.expectedSec(config({ durationSec: 3 }))).toBe(3)
    expect(httpLoadSuite.expectedSec(config({ amount: 1000 }))).toBeNull()
    expect(
      httpLoadSuite.expectedSec(config({ durationSec: 2, sweep: { connections: [1, 2, 4] } })),
    ).toBe(6)
    expect(
      httpLoadSuite.expectedSec(config({ amount: 50, sweep: { connections: [1, 2] } })),
    ).toBeNull()
  })
  it('names open-model settings that a closed-model plan would ignore', () => {
    expect(httpLoadSuite.validate!(config({ rate: 100 }))).toEqual([
      {
        path: 'rate',
        message:
          'rate applies to the arrival-rate model: add "model": "arrival-rate", or remove rate',
      },
    ])
    expect(httpLoadSuite.validate!(config({ model: 'arrival-rate', rate: 100 }))).toEqual([])
    expect(httpLoadSuite.validate!(config({ connections: 5 }))).toEqual([])
  })
})
