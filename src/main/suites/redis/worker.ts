import type { SuiteWorker } from '../types'

export const redisWorker: SuiteWorker<'redis'> = {
  async run() {
    throw new Error('the redis suite is not built yet')
  },
}
