export {
  startServe,
  SERVE_HOST,
  CONTENT_SECURITY_POLICY,
  type ServeOptions,
  type ServeHandle,
} from './server'
export type { ClientMessage, ServerMessage } from './protocol'
