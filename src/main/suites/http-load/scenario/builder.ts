import type { EncodedRequest } from '../open-model/http-wire'
import { checkHeader, encodeRequests, WireInputError } from '../open-model/http-wire'
import {
  compileTemplate,
  escapeHeader,
  escapePath,
  isStatic,
  render,
  TemplateError,
  type RenderContext,
  type Template,
} from './template'
import type { ScenarioRequest } from './spec'

/**
 * Builds the bytes of one request. A request without `{{` is encoded once (../open-model/
 * http-wire) and sent as the same buffer every time; a templated one keeps its request line
 * and headers as compiled templates around the fixed part and is rendered per send.
 */
export class RequestBuilder {
  /** the pre-encoded request, when nothing in it varies */
  readonly fixed: EncodedRequest | null
  private readonly path: Template | null = null
  private readonly headers: { name: string; value: Template }[] = []
  private readonly body: Template | null = null
  private readonly fixedHeaders: string = ''
  private readonly method: string = ''
  readonly head: boolean

  constructor(origin: string, r: ScenarioRequest, index: number) {
    const field = `requests[${index}]`
    this.head = r.method === 'HEAD'
    const compile = (text: string, at: string): Template => {
      try {
        return compileTemplate(text)
      } catch (err) {
        if (err instanceof TemplateError) throw new WireInputError(at, err.message)
        throw err
      }
    }
    const path = compile(r.path, `${field}.path`)
    const headers = Object.entries(r.headers).map(([k, v]) => ({
      name: k,
      value: compile(v, `${field}.headers.${k}`),
    }))
    const body = r.body === undefined ? null : compile(r.body, `${field}.body`)
    if (isStatic(path) && headers.every((h) => isStatic(h.value)) && (!body || isStatic(body))) {
      this.fixed = encodeRequests(origin, [r])[0]!
      return
    }
    this.fixed = null
    if (path.literals.some((l) => /\s/.test(l))) {
      throw new WireInputError(`${field}.path`, 'encode spaces and control characters, e.g. %20')
    }
    this.path = path
    this.body = body
    const names = new Set(headers.map((h) => h.name.toLowerCase()))
    let fixed = `host: ${new URL(origin).host}\r\n`
    if (!names.has('user-agent')) fixed += 'user-agent: perfdesk\r\n'
    for (const h of headers) {
      checkHeader(h.name, h.value.literals.join(''), `${field}.headers`)
      const lname = h.name.toLowerCase()
      if (lname === 'host' || lname === 'content-length' || lname === 'transfer-encoding') continue
      if (isStatic(h.value)) fixed += `${lname}: ${h.value.literals[0]}\r\n`
      else this.headers.push({ name: lname, value: h.value })
    }
    if (!body && (r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH')) {
      fixed += 'content-length: 0\r\n'
    }
    this.fixedHeaders = fixed
    this.method = r.method
  }

  /** The bytes of one send of a templated request. */
  build(ctx: RenderContext): Buffer {
    let head = `${this.method} ${render(this.path!, ctx, escapePath)} HTTP/1.1\r\n${this.fixedHeaders}`
    for (const h of this.headers) head += `${h.name}: ${render(h.value, ctx, escapeHeader)}\r\n`
    if (!this.body) return Buffer.from(`${head}\r\n`, 'latin1')
    const body = Buffer.from(render(this.body, ctx), 'utf8')
    head += `content-length: ${body.length}\r\n\r\n`
    return Buffer.concat([Buffer.from(head, 'latin1'), body])
  }
}
