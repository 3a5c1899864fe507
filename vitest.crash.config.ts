import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

/** Fault figures (`npm run test:crash`): fuzzing, kill -9 ×50, a full disk. Slower than npm test. */
export default defineConfig({
  resolve: { alias: { '@shared': resolve(__dirname, 'src/shared') } },
  test: {
    environment: 'node',
    include: ['test/faults/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
})
