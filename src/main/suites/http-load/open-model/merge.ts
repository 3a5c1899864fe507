import { decodeHistogram } from '../../common/latency'
import { mergeHistogramList, sumCounts } from '../../../analysis/hdr-merge'
import type { ArrivalRateMeasurement, OpenSample } from './measurement'
import type { OpenThreadPart } from './open-task'

const SUMMED = [
  'due',
  'sent',
  'stepsSent',
  'completed',
  'httpErrors',
  'transportErrors',
  'connectErrors',
  'timeouts',
  'late',
  'lateForConnection',
  'dropped',
  'abandoned',
  'bytesIn',
  'peakConnections',
] as const

const decodeMerged = (parts: readonly string[]): ReturnType<typeof mergeHistogramList> => {
  const hs = parts.map(decodeHistogram)
  const out = mergeHistogramList(hs)
  for (const h of hs) h.destroy()
  return out
}

/**
 * One measurement from the generator threads' parts: counts added, histograms merged exactly,
 * times as the longest thread's (they ran on one clock), and per-second samples added second
 * by second with the percentiles of the merged interval histograms (`percentiles`).
 */
export function mergeOpenParts(
  parts: readonly OpenThreadPart[],
  percentiles: ReadonlyMap<number, Pick<OpenSample, 'p50' | 'p95' | 'p99'>>,
  cpuSec: number,
): ArrivalRateMeasurement {
  const first = parts[0]!
  const m: ArrivalRateMeasurement = {
    ...first,
    startHrMs: Math.min(...parts.map((p) => p.startHrMs)),
    elapsedSec: Math.max(...parts.map((p) => p.elapsedSec)),
    spanSec: Math.max(...parts.map((p) => p.spanSec)),
    maxLoopGapMs: Math.max(...parts.map((p) => p.maxLoopGapMs)),
    statusCodes: sumCounts(parts.map((p) => ({ ...p.statusCodes }))) as typeof first.statusCodes,
    errorMessages: sumCounts(parts.map((p) => p.errorMessages)),
    cancelled: parts.some((p) => p.cancelled),
    cpuMs: cpuSec * 1000,
    latency: decodeMerged(parts.map((p) => p.latency)),
    success: decodeMerged(parts.map((p) => p.success)),
    service: decodeMerged(parts.map((p) => p.service)),
    sendLag: decodeMerged(parts.map((p) => p.sendLag)),
    samples: [],
  }
  for (const k of SUMMED) m[k] = parts.reduce((s, p) => s + p[k], 0)
  const seconds = Math.max(...parts.map((p) => p.samples.length))
  for (let i = 0; i < seconds; i++) {
    const here = parts.map((p) => p.samples[i]).filter((s): s is OpenSample => !!s)
    const sum = (k: keyof OpenSample): number =>
      Math.round(here.reduce((s, x) => s + x[k], 0) * 10) / 10
    const only = here.length === 1 ? here[0] : undefined
    m.samples.push({
      t: Math.max(...here.map((s) => s.t)),
      rps: sum('rps'),
      sentRps: sum('sentRps'),
      targetRps: sum('targetRps'),
      // one thread: its own figures; more: those of the merged interval histograms
      p50: only?.p50 ?? percentiles.get(i)?.p50 ?? 0,
      p95: only?.p95 ?? percentiles.get(i)?.p95 ?? 0,
      p99: only?.p99 ?? percentiles.get(i)?.p99 ?? 0,
      errors: sum('errors'),
      late: sum('late'),
      dropped: sum('dropped'),
      connections: sum('connections'),
    })
  }
  return m
}
