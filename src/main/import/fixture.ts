import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** A file of test/fixtures/import, for the import tests. */
export const importFixture = (name: string): string =>
  readFileSync(
    fileURLToPath(new URL(`../../../test/fixtures/import/${name}`, import.meta.url)),
    'utf8',
  )
