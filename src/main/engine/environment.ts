import os from 'node:os'
import type { Environment } from '@shared/index'
import { PERFDESK_VERSION } from '../version'

export function captureEnvironment(runtime: Environment['runtime']): Environment {
  const cpus = os.cpus()
  return {
    perfdeskVersion: PERFDESK_VERSION,
    os: `${os.type()} ${os.release()}`,
    arch: os.arch(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryBytes: os.totalmem(),
    node: process.versions.node,
    runtime,
    servers: {},
  }
}
