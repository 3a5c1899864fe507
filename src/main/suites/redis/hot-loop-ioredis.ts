import type { Redis } from 'ioredis'
import type { LoopPlan, LoopStats } from './hot-loop'
import { prepareCommands, resetCommands, type ClientState } from './operations'
import { bounded, CancelledError, errorText, isReplyError, RedisLostError } from './run-control'

/**
 * The matrix loop on ioredis: used only where the RESP loop cannot go (a TLS target). Same
 * semantics as `runRawLoop`: a batch's round trip recorded once per successful command.
 */
export async function runIoredisLoop(
  clients: Redis[],
  plan: LoopPlan,
  stats: LoopStats,
  durationMs: number,
  clientBase: number,
): Promise<Error | undefined> {
  const { op, keys, pipeline, timeoutMs, signal } = plan
  const deadline = performance.now() + durationMs
  let next = 0
  let stop = false
  let fatal: Error | undefined
  const countError = (err: unknown): void => {
    if (!stats.recording) return
    stats.errors++
    stats.intervalErrors++
    stats.firstError ??= errorText(err)
  }
  const untimed = async (client: Redis, commands: [string, unknown[]][]): Promise<void> => {
    const p = client.pipeline()
    for (const [name, args] of commands) p.callBuffer(name, args as (string | Buffer | number)[])
    await bounded(p.exec(), timeoutMs, signal)
  }

  const loop = async (client: Redis, index: number): Promise<void> => {
    const state: ClientState = { index: clientBase + index, bytesSinceReset: 0 }
    while (!stop) {
      const first = next
      next += pipeline
      if (op.grows && state.bytesSinceReset >= keys.growBudget) {
        state.bytesSinceReset = 0
        await untimed(client, resetCommands(op, keys, state))
      }
      if (op.untimedSetup) await untimed(client, prepareCommands(keys, state, first, pipeline))
      state.bytesSinceReset += keys.payloadBytes * pipeline
      const t0 = performance.now()
      let ok = 0
      if (pipeline === 1) {
        const [name, args] = op.command(keys, state, first)
        try {
          await bounded(client.callBuffer(name, args), timeoutMs, signal)
          ok = 1
        } catch (err) {
          if (!isReplyError(err)) throw err
          countError(err)
        }
      } else {
        const p = client.pipeline()
        for (let n = first; n < first + pipeline; n++) {
          const [name, args] = op.command(keys, state, n)
          p.callBuffer(name, args)
        }
        const replies = await bounded(p.exec(), timeoutMs, signal)
        if (!replies) throw new RedisLostError('the pipeline was discarded')
        for (const [err] of replies) {
          if (!err) ok++
          else if (isReplyError(err)) countError(err)
          else throw new RedisLostError(errorText(err))
        }
      }
      const us = (performance.now() - t0) * 1000
      if (stats.recording) {
        stats.timedUs += us
        if (ok > 0) {
          const v = Math.max(1, Math.round(us))
          stats.histogram.recordValueWithCount(v, ok)
          stats.interval.recordValueWithCount(v, ok)
          stats.commands += ok
        }
      }
      if (performance.now() >= deadline) break
    }
  }

  await Promise.all(
    clients.map((c, i) =>
      loop(c, i).catch((err: unknown) => {
        stop = true
        fatal ??= signal.aborted
          ? new CancelledError()
          : err instanceof Error
            ? err
            : new Error(String(err))
      }),
    ),
  )
  return fatal
}
