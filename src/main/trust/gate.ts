import type { Plan, RunReview } from '@shared/index'
import type { TrustMarks } from '../store/trust-marks'
import { hasRiskyItems, reviewDigest, reviewPlan } from './review'

export interface RunOrigin {
  /** a saved plan (the catalog): untrusted while it carries the mark of an import */
  planId?: string | undefined
  /** "Run again" of this run: untrusted when the run was imported */
  sourceRunId?: string | undefined
}

/**
 * What the user must see before this plan runs: everything, when the plan or the run it
 * comes from is untrusted; else only the non-loopback hosts not yet confirmed for their target.
 */
export function runReview(marks: TrustMarks, plan: Plan, origin: RunOrigin): RunReview {
  const review = reviewPlan(plan)
  const untrusted =
    (origin.planId !== undefined && marks.isUntrusted('plan', origin.planId)) ||
    (origin.sourceRunId !== undefined && marks.isUntrusted('run', origin.sourceRunId))
  const newHosts = review.nonLoopbackHosts.filter((h) => !marks.isHostApproved(h.target, h.host))
  return {
    review,
    untrusted,
    required: untrusted || newHosts.length > 0,
    newHosts,
    digest: reviewDigest(review),
  }
}

/** After an approved start: the marks go and the hosts are remembered. */
export function rememberApproval(marks: TrustMarks, r: RunReview, origin: RunOrigin): void {
  if (origin.planId !== undefined) marks.setUntrusted('plan', origin.planId, false)
  if (origin.sourceRunId !== undefined) marks.setUntrusted('run', origin.sourceRunId, false)
  for (const h of r.review.nonLoopbackHosts) marks.approveHost(h.target, h.host)
}

/** Whether a plan file run from the command line has anything to show before it starts. */
export const needsNotice = (plan: Plan): boolean => hasRiskyItems(reviewPlan(plan))
