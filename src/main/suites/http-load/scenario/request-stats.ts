import type { Histogram } from 'hdr-histogram-js'
import type { HttpRequestResult } from '@shared/index'
import { checkFailureRateOf } from '@shared/suites/http-requests'
import { decodeHistogram, encodeHistogram, newHistogram, summarize } from '../../common/latency'
import { mergeHistogramList } from '../../../analysis/hdr-merge'
import { emptyStatusCounts, statusClass, type StatusClassCounts } from '../analysis'

/**
 * Per-request results: each generator thread records its own (an HDR histogram and counts
 * per request of the plan), hands them over encoded, and the parts merge exactly, thread by
 * thread or step by step.
 */

export interface RequestPart {
  /** answers received (any status) */
  count: number
  statusCodes: StatusClassCounts
  /** socket errors and timeouts */
  errors: number
  checksPassed: number
  checksFailed: number
  /** latency in µs, encoded */
  histogram: string
}

export class RequestStats {
  private readonly hists: Histogram[]
  private readonly counts: Omit<RequestPart, 'histogram'>[]

  constructor(n: number) {
    this.hists = Array.from({ length: n }, () => newHistogram())
    this.counts = Array.from({ length: n }, () => ({
      count: 0,
      statusCodes: emptyStatusCounts(),
      errors: 0,
      checksPassed: 0,
      checksFailed: 0,
    }))
  }

  answered(i: number, status: number, us: number, checks: number, failed: number): void {
    const c = this.counts[i]!
    c.count++
    c.statusCodes[statusClass(status)]++
    c.checksPassed += checks - failed
    c.checksFailed += failed
    this.hists[i]!.recordValue(us)
  }

  failed(i: number, n = 1): void {
    this.counts[i]!.errors += n
  }

  /** The parts to hand over; the histograms are freed. */
  finish(): RequestPart[] {
    const parts = this.counts.map((c, i) => ({ ...c, histogram: encodeHistogram(this.hists[i]!) }))
    for (const h of this.hists) h.destroy()
    return parts
  }
}

/** Adds per-request parts (threads, or sweep steps) request by request. */
export function mergeRequestParts(parts: readonly (readonly RequestPart[])[]): RequestPart[] {
  const first = parts[0]
  if (!first) return []
  return first.map((_, i) => {
    const mine = parts.map((p) => p[i]!).filter(Boolean)
    const statusCodes = emptyStatusCounts()
    for (const p of mine) {
      for (const k of Object.keys(statusCodes) as (keyof StatusClassCounts)[]) {
        statusCodes[k] += p.statusCodes[k]
      }
    }
    const hs = mine.map((p) => decodeHistogram(p.histogram))
    const merged = mergeHistogramList(hs)
    const histogram = encodeHistogram(merged)
    for (const h of [...hs, merged]) h.destroy()
    const sum = (k: 'count' | 'errors' | 'checksPassed' | 'checksFailed'): number =>
      mine.reduce((s, p) => s + p[k], 0)
    return {
      count: sum('count'),
      statusCodes,
      errors: sum('errors'),
      checksPassed: sum('checksPassed'),
      checksFailed: sum('checksFailed'),
      histogram,
    }
  })
}

/** What a request is called and was written as in the plan. */
export interface RequestLabel {
  name: string
  method: HttpRequestResult['method']
  path: string
}

/** The result's `requests[]`: one per request (or flow step), in plan order. */
export function requestResults(
  labels: readonly RequestLabel[],
  parts: readonly RequestPart[],
  durationSec: number,
): HttpRequestResult[] {
  return labels.map((l, i) => {
    const p = parts[i]
    if (!p) return { ...l, ...emptyResult() }
    const h = decodeHistogram(p.histogram)
    const latencyMs = summarize(h)
    h.destroy()
    return {
      ...l,
      count: p.count,
      rps: durationSec > 0 ? Math.round((p.count / durationSec) * 10) / 10 : 0,
      latencyMs,
      statusCodes: p.statusCodes,
      errors: p.errors,
      checksPassed: p.checksPassed,
      checksFailed: p.checksFailed,
      histogram: p.histogram,
    }
  })
}

function emptyResult(): Omit<HttpRequestResult, keyof RequestLabel> {
  const h = newHistogram()
  const latencyMs = summarize(h)
  h.destroy()
  return {
    count: 0,
    rps: 0,
    latencyMs,
    statusCodes: emptyStatusCounts(),
    errors: 0,
    checksPassed: 0,
    checksFailed: 0,
    histogram: null,
  }
}

/** The suite's check totals from its per-request parts; null when no request has checks. */
export function checkTotals(
  parts: readonly RequestPart[],
  anyChecks: boolean,
): { checks: { passed: number; failed: number }; checkFailureRate: number } | null {
  if (!anyChecks) return null
  const passed = parts.reduce((s, p) => s + p.checksPassed, 0)
  const failed = parts.reduce((s, p) => s + p.checksFailed, 0)
  return {
    checks: { passed, failed },
    checkFailureRate: checkFailureRateOf(passed, failed, true)!,
  }
}
