import { resolve } from 'node:path'
import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { alias: { '@shared': resolve(__dirname, 'src/shared') } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // timing acceptance needs a quiet CPU: `npm run test:timing` (vitest.timing.config.ts);
    // fault figures (fuzz, kill -9 ×50, full disk) run in `npm run test:crash`
    exclude: [...configDefaults.exclude, '**/*.timing.test.ts', 'test/faults/**'],
    // Load tests measure time: never run two of them at once on a 2-core machine.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
})
