/** Debian's Chromium, as the tests and screenshot scripts drive it through playwright-core. */
export const CHROMIUM_PATH = '/usr/bin/chromium'

/**
 * Headless flags for a quiet, local-only browser: no sandbox (containers), no GPU, and none of
 * the background traffic (sync, component updates, QUIC) that would reach past 127.0.0.1.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
