/**
 * The colours of chart series, one hue per meaning across the app: throughput (and run A) blue,
 * p50 green, p95 (and late requests, and run B) amber, p99 and errors red, waits and drops purple.
 */
export const PALETTE = {
  blue: '#4fa3ff',
  green: '#3ecf8e',
  amber: '#f5b945',
  red: '#f0664f',
  purple: '#b58cff',
  teal: '#5fd3d3',
  /** a secondary quantity (a pool size) */
  grey: '#8b96a8',
  /** what was asked for, drawn against what was delivered */
  target: '#a9b4c6',
} as const
