export type { SecretBox, SecretCipher } from './types'
export { isSecretRef } from './types'
export { MemorySecretBox, newSecretRef } from './memory'
export { FileSecretBox, type FileSecretBoxOptions } from './file-box'
