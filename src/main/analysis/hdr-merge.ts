import type { Histogram } from 'hdr-histogram-js'
import { decodeHistogram, encodeHistogram, newHistogram, summarize } from './latency'
import type { LatencySummary } from '@shared/index'

/**
 * Exact merging of what several generators measured: generator threads inside one run now,
 * shards on several machines later. HDR histograms add bucket by bucket without loss, so the
 * merged percentiles are those of the union of all samples; counters add; per-second
 * intervals line up by their second and merge the same way.
 */

/** A fresh histogram holding every value of `parts`. */
export function mergeHistogramList(parts: readonly Histogram[]): Histogram {
  const out = newHistogram()
  for (const p of parts) out.add(p)
  return out
}

/** Merges encoded histograms (as results keep them) into one encoded histogram. */
export function mergeEncodedHistograms(parts: readonly (string | null | undefined)[]): string {
  const decoded = parts.filter((p): p is string => !!p).map(decodeHistogram)
  const merged = mergeHistogramList(decoded)
  const out = encodeHistogram(merged)
  for (const h of decoded) h.destroy()
  merged.destroy()
  return out
}

type Counts = { [key: string]: number | Counts }

/** Sums numeric fields of like-shaped count objects (nested objects too); missing counts are 0. */
export function sumCounts<T extends Counts>(parts: readonly T[]): T {
  const out: Counts = {}
  for (const part of parts) addInto(out, part)
  return out as T
}

function addInto(out: Counts, part: Counts): void {
  for (const [k, v] of Object.entries(part)) {
    if (typeof v === 'number') {
      const cur = out[k]
      out[k] = (typeof cur === 'number' ? cur : 0) + v
    } else if (v && typeof v === 'object') {
      const cur = out[k]
      const child: Counts = cur && typeof cur === 'object' ? cur : {}
      addInto(child, v)
      out[k] = child
    }
  }
}

/** One generator's aggregate over one second: its latency histogram (encoded) and its counters. */
export interface IntervalPart<C extends Counts = Counts> {
  /** the second this interval covers, counted from a start shared by all generators */
  second: number
  histogram: string
  counts: C
}

/** One merged second: the union histogram's summary, the summed counters, how many generators. */
export interface MergedInterval<C extends Counts = Counts> {
  second: number
  latency: LatencySummary
  count: number
  counts: C
  sources: number
}

/**
 * Lines intervals up by second and merges each second exactly (histograms added, counters
 * summed), in ascending order of second.
 */
export function mergeIntervals<C extends Counts>(
  parts: readonly IntervalPart<C>[],
): MergedInterval<C>[] {
  const bySecond = new Map<number, IntervalPart<C>[]>()
  for (const p of parts) {
    const list = bySecond.get(p.second)
    if (list) list.push(p)
    else bySecond.set(p.second, [p])
  }
  return [...bySecond.keys()]
    .sort((a, b) => a - b)
    .map((second) => {
      const list = bySecond.get(second)!
      const hs = list.map((p) => decodeHistogram(p.histogram))
      const merged = mergeHistogramList(hs)
      const out: MergedInterval<C> = {
        second,
        latency: summarize(merged),
        count: merged.totalCount,
        counts: sumCounts(list.map((p) => p.counts)),
        sources: list.length,
      }
      for (const h of hs) h.destroy()
      merged.destroy()
      return out
    })
}
