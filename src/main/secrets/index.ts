export type { SecretBox, SecretCipher } from './types'
export { isSecretRef } from './types'
export { MemorySecretBox, newSecretRef } from './memory'
export { FileSecretBox, type FileSecretBoxOptions } from './file-box'
export { resolvePlanSecrets, resolveTargetSecrets, type SecretLookup } from './resolve'
export {
  keepMaskedHeaders,
  sealPlanSecrets,
  sealTargetSecrets,
  secretRefsOf,
  type SecretKeeper,
} from './seal'
export { keyFileCipher } from './key-file-cipher'
