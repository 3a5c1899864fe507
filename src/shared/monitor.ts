import { z } from 'zod'
import { FindingSchema } from './result-common'

/**
 * The process monitor that rides along with a run: one sample a second of the process's CPU,
 * memory, threads and open file descriptors, taken for the whole run.
 */

export const MonitorSampleSchema = z.object({
  /** seconds since the monitor began (the start of the run) */
  t: z.number(),
  /** CPU time used since the previous sample, in % of one core (200 = two cores busy) */
  cpuPct: z.number(),
  /** resident set size */
  rssBytes: z.number(),
  threads: z.number().int().optional(),
  /** open file descriptors, when the process's fd table is readable */
  fds: z.number().int().optional(),
  /** open TCP connections of the process by state (Linux /proc only) */
  tcpEstablished: z.number().int().optional(),
  tcpListening: z.number().int().optional(),
  /** TIME_WAIT sockets on the ports the process listens on (they belong to no process) */
  tcpTimeWait: z.number().int().optional(),
  /** the suite that was running when the sample was taken; absent between suites */
  suiteIndex: z.number().int().optional(),
})
export type MonitorSample = z.infer<typeof MonitorSampleSchema>

export const MonitorSummarySchema = z.object({
  /** null when no sample was taken (the process died at once) */
  cpuPctMean: z.number().nullable(),
  cpuPctMax: z.number().nullable(),
  rssStartBytes: z.number().nullable(),
  rssEndBytes: z.number().nullable(),
  rssMaxBytes: z.number().nullable(),
  /** TCP connections (absent when not read, e.g. on macOS or in results from before) */
  tcpEstablishedMax: z.number().int().nullable().optional(),
  tcpEstablishedEnd: z.number().int().nullable().optional(),
  tcpTimeWaitMax: z.number().int().nullable().optional(),
  tcpListening: z.number().int().nullable().optional(),
})
export type MonitorSummary = z.infer<typeof MonitorSummarySchema>

export const MonitorExitSchema = z.object({
  /** null when unknown (a process PerfDesk did not start) or when a signal ended it */
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  /** seconds since the monitor began */
  atSec: z.number(),
})
export type MonitorExit = z.infer<typeof MonitorExitSchema>

export const MonitorResultSchema = z.object({
  /** the id of the process target */
  target: z.string(),
  pid: z.number().int(),
  /** the command PerfDesk started, when the target gives one */
  command: z.string().optional(),
  /** how samples were read: Linux /proc, or `ps` elsewhere */
  source: z.enum(['procfs', 'ps']),
  samples: z.array(MonitorSampleSchema),
  summary: MonitorSummarySchema,
  /** the process ended during the run */
  exited: MonitorExitSchema.optional(),
  /** the last lines the started command wrote (stdout and stderr interleaved) */
  outputTail: z.string().optional(),
  findings: z.array(FindingSchema),
  notes: z.array(z.string()).default([]),
})
export type MonitorResult = z.infer<typeof MonitorResultSchema>
