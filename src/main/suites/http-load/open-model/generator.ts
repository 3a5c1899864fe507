import type { GeneratorStats, HttpLoadConfig } from '@shared/index'
import { judgeGenerator } from '../../common/generator'
import type { GeneratorMeasure } from '../native-engine/closed-native'
import type { ArrivalRateMeasurement } from './measurement'
import { generatorFellBehind } from './report'

/**
 * The open model's generator stats: the threads' busy share and timer delay, as for every
 * suite, and — what only an open model can see — whether its scheduler fell behind the
 * schedule with connections to spare. Either makes the run client-bound.
 */
export function judgeOpen(
  config: HttpLoadConfig,
  m: ArrivalRateMeasurement,
  g: GeneratorMeasure,
  delivered: boolean,
): GeneratorStats {
  const stats = judgeGenerator(g.meters, { cpuSec: g.cpuSec, operations: m.sent + m.stepsSent })
  const behind = generatorFellBehind(config, m, delivered)
  if (!behind || stats.clientBound) return stats
  return { ...stats, clientBound: true, reason: behind }
}
