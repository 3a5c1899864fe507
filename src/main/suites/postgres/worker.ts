import type { SuiteWorker } from '../types'

export const postgresWorker: SuiteWorker<'postgres'> = {
  async run() {
    throw new Error('the postgres suite is not built yet')
  },
}
