import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export interface WorkerEntry {
  /** a .js worker, or a .ts one (source mode) which is started through tsx */
  file: string
}

/** How to start a worker for an entry: TypeScript entries go through the tsx boot script. */
export function workerSpawnArgs(entry: WorkerEntry): { file: string; argv: string[] } {
  if (!entry.file.endsWith('.ts')) return { file: entry.file, argv: [] }
  return {
    file: fileURLToPath(new URL('./ts-worker-boot.mjs', import.meta.url)),
    argv: [entry.file],
  }
}

/**
 * Where the suite worker lives. Built: `out/main/suite-worker.js` beside (or one folder above)
 * this chunk. From source (tests, tsx): the TypeScript entry, loaded through tsx.
 */
export function locateWorkerEntry(): WorkerEntry {
  const here = import.meta.url
  if (here.endsWith('.ts')) {
    return { file: fileURLToPath(new URL('./worker-entry.ts', here)) }
  }
  for (const rel of ['./suite-worker.js', '../suite-worker.js']) {
    const file = fileURLToPath(new URL(rel, here))
    if (existsSync(file)) return { file }
  }
  throw new Error(`suite-worker.js not found next to ${fileURLToPath(here)}; run "npm run build"`)
}
