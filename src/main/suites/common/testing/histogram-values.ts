import type { Histogram } from 'hdr-histogram-js'

/** Test helper: every recorded value of a histogram with its count (value → count). */
export function recordedValues(h: Histogram): Map<number, number> {
  // hdr-histogram-js has this iterator but leaves it out of its type declarations
  const it = (
    h as unknown as {
      recordedValuesIterator: {
        reset(): void
        hasNext(): boolean
        next(): { valueIteratedTo: number; countAtValueIteratedTo: number }
      }
    }
  ).recordedValuesIterator
  const out = new Map<number, number>()
  it.reset()
  while (it.hasNext()) {
    const v = it.next()
    out.set(v.valueIteratedTo, (out.get(v.valueIteratedTo) ?? 0) + v.countAtValueIteratedTo)
  }
  return out
}
