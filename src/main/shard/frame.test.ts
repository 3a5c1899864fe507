import { describe, expect, it } from 'vitest'
import { FRAME_BEGIN, FRAME_END, frameResult, unframeResult } from './frame'
import { delayUntil } from './start-at'

describe('framed results in logs', () => {
  const json = JSON.stringify({ schemaVersion: 1, text: 'é ü — "quoted"', n: [1, 2, 3] })

  it('round-trips through a log with other lines and timestamp prefixes', () => {
    const framed = frameResult(json)
    expect(framed.split('\n').every((l) => l.length <= 76 || l.startsWith('-----'))).toBe(true)
    const prefixed = framed
      .split('\n')
      .map((l) => (l ? `2026-12-01T15:00:00.000Z ${l}` : l))
      .join('\n')
    const log = `starting\nsummary line\n${prefixed}exiting\n`
    expect(unframeResult(log, 'pod.log')).toBe(json)
  })

  it('takes plain JSON inside the frame, a plain file as it is, and names a cut frame', () => {
    expect(unframeResult(`x\n${FRAME_BEGIN}\n${json}\n${FRAME_END}\n`, 'a')).toBe(json)
    expect(unframeResult(json, 'b')).toBe(json)
    expect(() => unframeResult(`${FRAME_BEGIN}\nAAAA\n`, 'pod-2.log')).toThrow(
      /pod-2\.log: the framed result is cut short/,
    )
  })
})

describe('--start-at', () => {
  const now = Date.parse('2026-12-01T15:00:00Z')
  it('waits until the time, allows a few seconds late, refuses the past and non-ISO', () => {
    expect(delayUntil('2026-12-01T15:00:10Z', now)).toBe(10_000)
    expect(delayUntil('2026-12-01T14:59:58Z', now)).toBe(0)
    expect(() => delayUntil('2026-12-01T14:59:00Z', now)).toThrow(/60 s in the past/)
    expect(() => delayUntil('tomorrow', now)).toThrow(/give an ISO time/)
  })
})
