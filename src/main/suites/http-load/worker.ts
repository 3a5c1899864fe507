import type { SuiteWorker } from '../types'
import { runClosedModel } from './closed-suite'

/**
 * The http-load suite inside its worker thread. The closed model (a fixed number of
 * connections, on the native engine or autocannon: ./closed-engine) runs here; the open model (arrival rate, and rate sweeps) lives in
 * ./open-model and is loaded only when a plan asks for it.
 */
export const httpLoadWorker: SuiteWorker<'http-load'> = {
  async run(ctx) {
    // a connections sweep is closed-model steps, whatever the model says
    if (
      !ctx.config.sweep?.connections &&
      (ctx.config.model === 'arrival-rate' || ctx.config.sweep?.rates)
    ) {
      const { runOpenModel } = await import('./open-model/index')
      return runOpenModel(ctx)
    }
    return runClosedModel(ctx)
  },
}
