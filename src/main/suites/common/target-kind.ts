import { suiteTargetKind, type SuiteKind } from '@shared/index'

/** The error for a target of the wrong kind, worded once for the engine and the suite workers. */
export function wrongTargetKind(suite: SuiteKind, target: { id: string; kind: string }): Error {
  return new Error(
    `target "${target.id}" is a ${target.kind} target; the ${suite} suite needs a ${suiteTargetKind[suite]} target`,
  )
}
