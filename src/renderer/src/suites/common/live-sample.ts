import type { LiveSample } from '@shared/index'

/** Reads the numbers of a live sample by key: null when missing or not a number. */
export const sampleReader =
  (sample: LiveSample | null) =>
  (key: string): number | null => {
    const x = sample?.[key]
    return typeof x === 'number' ? x : null
  }
