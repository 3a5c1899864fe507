import type { ConnectionTestResult, Target } from '@shared/index'
import { testHttpTarget } from './http'

/**
 * "Test connection" for any target, by kind. The target's secrets must already be resolved.
 * Each kind's tester lives in its own module, loaded only when needed.
 */
export async function testTarget(target: Target): Promise<ConnectionTestResult> {
  switch (target.kind) {
    case 'http':
      return testHttpTarget(target)
    case 'postgres':
      return (await import('./postgres')).testPostgresConnection(target)
    case 'redis':
      return (await import('./redis')).testRedisTarget(target)
    case 'process':
      return (await import('./process')).testProcessTarget(target)
  }
}
