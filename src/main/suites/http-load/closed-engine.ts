import type { GeneratorStats, HttpLoadConfig } from '@shared/index'
import { judgeGenerator, processCpuSec, resolveThreads, ThreadMeter } from '../common/generator'
import { completedOf } from './analysis'
import { runClosedLoad, type ClosedLoadMeasurement, type ClosedLoadOptions } from './closed-model'
import { runNativeClosedLoad } from './native-engine/closed-native'
import type { RequestPlan } from './request-plan'

/**
 * One closed-model measurement on the engine the plan chose — PerfDesk's native wire client
 * (default; 1..N generator threads) or autocannon (one thread) — with the generator's own
 * limits judged over the same time: busy share and event-loop delay of every generator
 * thread, process CPU, and requests per CPU-second.
 */
export async function measureClosed(
  config: Pick<HttpLoadConfig, 'engine' | 'threads'>,
  plan: RequestPlan,
  o: ClosedLoadOptions,
): Promise<{ m: ClosedLoadMeasurement; generator: GeneratorStats }> {
  if (config.engine === 'autocannon') {
    const cpu0 = processCpuSec()
    const meter = new ThreadMeter()
    const m = await runClosedLoad(plan, o)
    const reading = meter.stop()
    return {
      m,
      generator: judgeGenerator([reading], {
        cpuSec: processCpuSec() - cpu0,
        operations: attemptsOf(m),
      }),
    }
  }
  const { m, generator } = await runNativeClosedLoad(plan, {
    ...o,
    threads: resolveThreads(config.threads),
  })
  return {
    m,
    generator: judgeGenerator(generator.meters, {
      cpuSec: generator.cpuSec,
      operations: attemptsOf(m),
    }),
  }
}

const attemptsOf = (m: ClosedLoadMeasurement): number =>
  completedOf(m.counts) + m.counts.errors + m.counts.timeouts
