import { randomUUID } from 'node:crypto'

/**
 * `{{variables}}` in a request's path, headers and body. A template is compiled once into
 * literal parts and slots, so that rendering is one pass of string joins; text without `{{`
 * compiles to a single literal (and the request stays a pre-encoded buffer).
 */

export type Slot =
  | { kind: 'var'; name: string }
  | { kind: 'randomInt'; min: number; max: number }
  | { kind: 'uuid' }
  | { kind: 'seq' }
  | { kind: 'now' }

export interface Template {
  /** literal[0], slot[0], literal[1], …, literal[n] (one more literal than slots) */
  literals: string[]
  slots: Slot[]
}

export const BUILT_INS = ['randomInt', 'uuid', 'seq', 'now'] as const

/** A template that cannot be compiled: the message says what to write instead. */
export class TemplateError extends Error {
  override name = 'TemplateError'
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

function slotOf(expr: string): Slot {
  const words = expr.trim().split(/\s+/)
  const [head, ...args] = words
  if (head === 'randomInt') {
    const [a, b] = args.map(Number)
    if (args.length !== 2 || !Number.isInteger(a) || !Number.isInteger(b) || a! > b!) {
      throw new TemplateError(
        `{{${expr}}}: randomInt takes two whole numbers, lowest first, e.g. {{randomInt 1 100}}`,
      )
    }
    return { kind: 'randomInt', min: a!, max: b! }
  }
  if (args.length > 0 || head === undefined || !NAME.test(head)) {
    throw new TemplateError(
      `{{${expr}}}: write a variable name ({{id}}) or a built-in ({{uuid}}, {{seq}}, {{now}}, {{randomInt 1 100}})`,
    )
  }
  if (head === 'uuid' || head === 'seq' || head === 'now') return { kind: head }
  return { kind: 'var', name: head }
}

export function compileTemplate(text: string): Template {
  const literals: string[] = []
  const slots: Slot[] = []
  let at = 0
  for (;;) {
    const open = text.indexOf('{{', at)
    if (open < 0) break
    const close = text.indexOf('}}', open + 2)
    if (close < 0) throw new TemplateError(`"{{" without a closing "}}" at character ${open + 1}`)
    literals.push(text.slice(at, open))
    slots.push(slotOf(text.slice(open + 2, close)))
    at = close + 2
  }
  literals.push(text.slice(at))
  return { literals, slots }
}

export const isStatic = (t: Template): boolean => t.slots.length === 0

/** The variables (not built-ins) a template reads. */
export const variablesOf = (t: Template): string[] =>
  t.slots.flatMap((s) => (s.kind === 'var' ? [s.name] : []))

/** What a slot reads besides variables: the sequence number of this request. */
export interface RenderContext {
  vars: Record<string, string>
  seq: number
}

/** Makes a value safe where it lands: a path or a header value must not break the request. */
export type Escape = (value: string) => string

/** In a path: spaces, controls and non-ASCII percent-encoded (other characters as they are). */
export const escapePath: Escape = (v) =>
  /[^\x21-\x7e]/.test(v) ? v.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c)) : v

/** In a header value: line breaks and NULs dropped (no header injection). */
export const escapeHeader: Escape = (v) => (/[\r\n\0]/.test(v) ? v.replace(/[\r\n\0]/g, '') : v)

const noEscape: Escape = (v) => v

function slotValue(s: Slot, ctx: RenderContext): string {
  switch (s.kind) {
    case 'var':
      return ctx.vars[s.name] ?? ''
    case 'seq':
      return String(ctx.seq)
    case 'now':
      return String(Date.now())
    case 'uuid':
      return randomUUID()
    case 'randomInt':
      return String(s.min + Math.floor(Math.random() * (s.max - s.min + 1)))
  }
}

export function render(t: Template, ctx: RenderContext, escape: Escape = noEscape): string {
  let out = t.literals[0]!
  for (let i = 0; i < t.slots.length; i++) {
    out += escape(slotValue(t.slots[i]!, ctx)) + t.literals[i + 1]!
  }
  return out
}
