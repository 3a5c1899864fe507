export {
  startServe,
  SERVE_HOST,
  CONTENT_SECURITY_POLICY,
  type ServeOptions,
  type ServeHandle,
} from './server'
/** the WebSocket envelope lives in @shared/wire (WireCall, ServerMessage) */
