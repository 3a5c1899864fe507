import type { GeneratorTask } from './common/generator/task'

/**
 * The hot loops that may run in extra generator threads, loaded inside the thread only. One
 * line per suite that has one (its folder's `generator-task.ts`).
 */
const tasks: Record<string, () => Promise<GeneratorTask<unknown, unknown, unknown>>> = {
  postgres: async () =>
    (await import('./postgres/generator-task')).postgresGeneratorTask as GeneratorTask<
      unknown,
      unknown,
      unknown
    >,
}

export async function loadGeneratorTask<P, I, R>(kind: string): Promise<GeneratorTask<P, I, R>> {
  const load = tasks[kind]
  if (!load) throw new Error(`no generator task for suite kind "${kind}"`)
  return (await load()) as GeneratorTask<P, I, R>
}
