export {
  Engine,
  UnreviewedPlanError,
  type EngineOptions,
  type StartOptions,
  type StartedRun,
} from './engine'
export { locateWorkerEntry, type WorkerEntry } from './worker-location'
export { redactPlan } from '@shared/redaction'
export { resolveTargetSecrets, type SecretLookup } from '../secrets'
