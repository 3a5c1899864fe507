export { Engine, type EngineOptions, type StartedRun } from './engine'
export { locateWorkerEntry, type WorkerEntry } from './worker-location'
export { redactPlan, resolveTargetSecrets, type SecretLookup } from './secrets'
