export {
  startMonitor,
  pidAlive,
  MonitorStartError,
  type MonitorOptions,
  type RunningMonitor,
  type HostPort,
} from './monitor'
export { monitorProblems, loopbackPorts } from './plan-checks'
export { monitorFindings, summarize, slope, LIMITS } from './analyze'
export { LaunchedCommand, OutputRing } from './launch'
export { platformSupport } from './ps'
