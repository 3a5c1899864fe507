/**
 * A HAR holds every response body; none of them is needed to import the requests. Left out
 * here, a browser export of tens of MB fits one message of the serve WebSocket.
 */
export function slimImportText(text: string): string {
  if (!text.trimStart().startsWith('{')) return text
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return text // the main side names what is wrong with it
  }
  const entries = (doc as { log?: { entries?: unknown } }).log?.entries
  if (!Array.isArray(entries)) return text
  for (const e of entries as { response?: { content?: { text?: string } } }[])
    if (e?.response?.content) delete e.response.content.text
  return JSON.stringify(doc)
}
