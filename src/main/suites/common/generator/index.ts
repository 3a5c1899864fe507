export { ThreadMeter, processCpuSec, type ThreadMeterReading } from './meter'
export {
  judgeGenerator,
  combineGenerator,
  clientBoundFinding,
  CLIENT_BOUND_BUSY,
  type ClientBoundPrefix,
} from './judge'
export { runGeneratorThreads, resolveThreads, splitEvenly, type GeneratorRun } from './pool'
export type { GeneratorTask, GeneratorIO, GeneratorThreadInit } from './task'
