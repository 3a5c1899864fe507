/**
 * The one palette: a hue per meaning across the app and the reports. Throughput (and run A)
 * blue, p50 green, p95 (and late requests, and run B) amber, p99 and errors red, waits and drops
 * purple, hit rates teal, a secondary quantity (a pool size) grey, and what was asked for
 * (drawn against what was delivered) a pale target. Each hue has a tone for the app's dark
 * screen and one for white paper (PDF, HTML report).
 */
const HUES = {
  blue: { screen: '#4fa3ff', paper: '#2563eb' },
  green: { screen: '#3ecf8e', paper: '#16a34a' },
  amber: { screen: '#f5b945', paper: '#ea580c' },
  red: { screen: '#f0664f', paper: '#dc2626' },
  purple: { screen: '#b58cff', paper: '#7c3aed' },
  teal: { screen: '#5fd3d3', paper: '#0d9488' },
  grey: { screen: '#8b96a8', paper: '#6b7280' },
  target: { screen: '#a9b4c6', paper: '#94a3b8' },
} as const

export type Hue = keyof typeof HUES

const tone = (which: 'screen' | 'paper'): Record<Hue, string> =>
  Object.fromEntries(Object.entries(HUES).map(([k, v]) => [k, v[which]])) as Record<Hue, string>

/** On the app's dark background. */
export const SCREEN_PALETTE: Readonly<Record<Hue, string>> = tone('screen')
/** On white paper: the PDF and the HTML report. */
export const PAPER_PALETTE: Readonly<Record<Hue, string>> = tone('paper')
