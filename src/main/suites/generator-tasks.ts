import type { GeneratorTask } from './common/generator/task'

/**
 * The hot loops that may run in extra generator threads, loaded inside the thread only. One
 * line per suite that has one (its folder's `generator-task.ts`).
 */
type AnyTask = GeneratorTask<unknown, unknown, unknown>
const tasks: Record<string, () => Promise<AnyTask>> = {
  'http-load:closed': async () =>
    (await import('./http-load/native-engine/closed-task')).closedTask as AnyTask,
  'http-load:open': async () =>
    (await import('./http-load/open-model/open-task')).openTask as AnyTask,
  redis: async () => (await import('./redis/generator-task')).redisStepTask as AnyTask,
  postgres: async () =>
    (await import('./postgres/generator-task')).postgresGeneratorTask as AnyTask,
}

export async function loadGeneratorTask<P, I, R>(kind: string): Promise<GeneratorTask<P, I, R>> {
  const load = tasks[kind]
  if (!load) throw new Error(`no generator task for suite kind "${kind}"`)
  return (await load()) as GeneratorTask<P, I, R>
}
