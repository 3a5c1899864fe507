import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/**
 * Timing acceptance: jitter, latency orderings, throughput ratios and bounds that hold only on a
 * quiet CPU (`npm run test:timing`). `npm test` runs a functional version of each instead and
 * skips these files (vitest.config.ts).
 */
export default defineConfig({
  resolve: { alias: { '@shared': fileURLToPath(new URL('./src/shared', import.meta.url)) } },
  test: {
    environment: 'node',
    include: ['src/**/*.timing.test.ts', 'test/**/*.timing.test.ts'],
    // one measurement at a time: two would share the two cores and disturb each other
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
})
