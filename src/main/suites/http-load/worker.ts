import type { SuiteWorker } from '../types'

export const httpLoadWorker: SuiteWorker<'http-load'> = {
  async run() {
    throw new Error('the http-load suite is not built yet')
  },
}
