/**
 * A result framed in a log, so `kubectl logs POD > pod.log` carries it back: the JSON as
 * base64 between two marker lines (base64 keeps it one clean block whatever the log driver
 * does to long lines or quotes). `perfdesk merge` reads a framed log or a plain result file.
 */

export const FRAME_BEGIN = '-----BEGIN PERFDESK RESULT-----'
export const FRAME_END = '-----END PERFDESK RESULT-----'

/** The frame for a result document (its JSON text), lines of 76 characters. */
export function frameResult(json: string): string {
  const b64 = Buffer.from(json, 'utf8').toString('base64')
  const lines = b64.match(/.{1,76}/g) ?? []
  return `${FRAME_BEGIN}\n${lines.join('\n')}\n${FRAME_END}\n`
}

/**
 * The result JSON text in `text`: the last framed block when there is one (base64 or plain
 * JSON inside; log prefixes such as kubectl's --timestamps are stripped), else the text itself.
 */
export function unframeResult(text: string, source: string): string {
  const lines = text.split(/\r?\n/)
  let end = -1
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i]!.includes(FRAME_END)) {
      end = i
      break
    }
  }
  if (end < 0) {
    if (text.includes(FRAME_BEGIN))
      throw new Error(`${source}: the framed result is cut short (no "${FRAME_END}" line)`)
    return text
  }
  let begin = -1
  for (let i = end - 1; i >= 0; i--) {
    if (lines[i]!.includes(FRAME_BEGIN)) {
      begin = i
      break
    }
  }
  if (begin < 0) throw new Error(`${source}: "${FRAME_END}" without "${FRAME_BEGIN}" before it`)
  // a log line may carry a prefix (a timestamp): the payload is what follows the marker's column
  const col = lines[begin]!.indexOf(FRAME_BEGIN)
  const body = lines
    .slice(begin + 1, end)
    .map((l) => l.slice(col).trim())
    .join('')
  if (body.startsWith('{')) return body
  if (!/^[A-Za-z0-9+/=]*$/.test(body))
    throw new Error(`${source}: the framed result is neither base64 nor JSON`)
  return Buffer.from(body, 'base64').toString('utf8')
}
