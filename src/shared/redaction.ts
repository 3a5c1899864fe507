import type { Secret } from './common'
import type { Plan } from './plan'
import type { Target } from './targets'

/**
 * The one rule for credentials. Every place a plan can carry one is listed here, and the
 * same walk serves redaction (history, exports, events, terminal), sealing (saved targets and
 * plans), collecting the live values to scrub from anything else, and the store's guard.
 */

/** What a redacted credential becomes in stored and exported text; the UI shows it as `•••`. */
export const REDACTED = '[redacted]'
/** A redacted secret field (`password`, `auth.token`, …). */
export const REDACTED_SECRET: Secret = { secretRef: 'redacted' }
/** How the UI shows any credential it does not reveal. */
export const MASK = '•••'

/** Header and query-parameter names that carry credentials. */
export const SECRET_NAME = /auth|token|key|secret|cookie|session|pass|signature/i
export const isSecretName = (name: string): boolean => SECRET_NAME.test(name)

/** A sealed credential inside a string field: `{{secret:sec_<32 hex>}}`, resolved in memory before a run. */
export const PLACEHOLDER = /\{\{secret:(sec_[0-9a-f]{32})\}\}/g
export const placeholderFor = (ref: string): string => `{{secret:${ref}}}`
const ONLY_PLACEHOLDER = /^\{\{secret:sec_[0-9a-f]{32}\}\}$/
/**
 * A credential read from an environment variable inside a string field (a header, a query
 * value): `{{env:PERFDESK_AUTHORIZATION}}`, resolved in memory before a run like a sealed one.
 * What `perfdesk plan from` writes for the credentials it finds.
 */
export const ENV_PLACEHOLDER = /\{\{env:([A-Za-z_][A-Za-z0-9_]*)\}\}/g
export const envPlaceholderFor = (name: string): string => `{{env:${name}}}`
const ONLY_ENV = /^\{\{env:[A-Za-z_][A-Za-z0-9_]*\}\}$/
/** True for text that is already not a credential: empty, redacted, a sealed or env placeholder. */
export const isHidden = (v: string): boolean =>
  v === '' || v === REDACTED || v === MASK || ONLY_PLACEHOLDER.test(v) || ONLY_ENV.test(v)

/** A URL as the UI shows it: sealed and redacted parts as `•••`. */
export const maskSealed = (text: string): string =>
  text.replace(PLACEHOLDER, MASK).split(REDACTED).join(MASK)

/** Shown in the UI in place of a credential value. */
export const displayCredential = (v: string): string => (isHidden(v) && v !== '' ? MASK : v)

/** Called with each credential found; returns what to put in its place. */
export type Rewrite = (value: string, where: string) => string

/**
 * Rewrites the credential spans of a URL, a relative path with a query, or a key=value
 * connection string: the userinfo password, query values whose names match the rule, and `password=` pairs.
 */
export function rewriteUrlCredentials(text: string, fn: Rewrite, where: string): string {
  let out = text
  const scheme = /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#\s]*)@/i.exec(out)
  if (scheme) {
    const info = scheme[2]!
    const colon = info.indexOf(':')
    const user = colon < 0 ? info : info.slice(0, colon)
    const pass = colon < 0 ? '' : info.slice(colon + 1)
    if (pass !== '' && !isHidden(pass)) {
      const next = `${user}:${fn(pass, `${where} (URL password)`)}`
      out = scheme[1]! + next + out.slice(scheme[0].length - 1)
    }
  }
  const q = out.indexOf('?')
  if (q >= 0) {
    const hash = out.indexOf('#', q)
    const end = hash < 0 ? out.length : hash
    const query = out
      .slice(q + 1, end)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=')
        if (eq < 0) return pair
        const name = pair.slice(0, eq)
        const value = pair.slice(eq + 1)
        if (value === '' || isHidden(value) || !isSecretName(safeDecode(name))) return pair
        return `${name}=${fn(value, `${where} (query parameter ${name})`)}`
      })
      .join('&')
    out = out.slice(0, q + 1) + query + out.slice(end)
  }
  // libpq key=value form: host=db user=app password=secret
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(out)) {
    out = out.replace(
      /(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s'][^\s]*)/gi,
      (m, key: string, value: string) =>
        isHidden(value) ? m : key + fn(value, `${where} (password)`),
    )
  }
  return out
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

/** Whether a URL or connection string holds a password or a credential query value. */
export function hasUrlCredentials(s: Secret): boolean {
  if (typeof s !== 'string') return false
  let found = false
  rewriteUrlCredentials(s, (x) => ((found = true), x), '')
  return found
}

export function rewriteHeaders(
  headers: Record<string, string>,
  fn: Rewrite,
  where: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [
      k,
      isSecretName(k) && !isHidden(v) ? fn(v, `${where}.${k}`) : v,
    ]),
  )
}

/** What to do with each kind of credential place. */
export interface CredentialVisitor {
  /** a credential inside a text field (header value, URL part, query value) */
  text: Rewrite
  /** a secret field (`password`, `auth.token`, `connectionString`) holding literal text */
  secret: (value: string, where: string) => Secret
}

const secretField = (s: Secret, v: CredentialVisitor, where: string): Secret =>
  typeof s === 'string' && !isHidden(s) ? v.secret(s, where) : s

/** The table of a target's credential places. */
export function visitTargetCredentials(t: Target, v: CredentialVisitor, where: string): Target {
  switch (t.kind) {
    case 'http': {
      const out = { ...t, baseUrl: rewriteUrlCredentials(t.baseUrl, v.text, `${where}.baseUrl`) }
      if (t.headers) out.headers = rewriteHeaders(t.headers, v.text, `${where}.headers`)
      if (t.auth?.type === 'bearer')
        out.auth = { ...t.auth, token: secretField(t.auth.token, v, `${where}.auth.token`) }
      if (t.auth?.type === 'basic')
        out.auth = {
          ...t.auth,
          password: secretField(t.auth.password, v, `${where}.auth.password`),
        }
      return out
    }
    case 'postgres': {
      const out = { ...t }
      // a connection string is a credential only when it carries a password
      if (t.connectionString !== undefined && hasUrlCredentials(t.connectionString))
        out.connectionString = secretField(t.connectionString, v, `${where}.connectionString`)
      if (t.password !== undefined) out.password = secretField(t.password, v, `${where}.password`)
      return out
    }
    case 'redis': {
      const out = { ...t, url: rewriteUrlCredentials(t.url, v.text, `${where}.url`) }
      if (t.password !== undefined) out.password = secretField(t.password, v, `${where}.password`)
      return out
    }
    case 'process':
      return t
  }
}

const URL_KEYS = new Set(['path', 'url', 'baseUrl', 'connectionString'])

/**
 * A suite's credential places, found by shape so that every suite (present and future) is
 * covered: any `headers` record, and any path/URL text.
 */
export function visitConfigCredentials<T>(value: T, v: CredentialVisitor, where: string): T {
  const walk = (x: unknown, key: string, at: string): unknown => {
    if (typeof x === 'string')
      return URL_KEYS.has(key) || /^[a-z][a-z0-9+.-]*:\/\//i.test(x)
        ? rewriteUrlCredentials(x, v.text, at)
        : x
    if (Array.isArray(x)) return x.map((e, i) => walk(e, key, `${at}[${i}]`))
    if (x === null || typeof x !== 'object') return x
    const entries = Object.entries(x as Record<string, unknown>)
    if (key === 'headers' && entries.every(([, e]) => typeof e === 'string'))
      return rewriteHeaders(x as Record<string, string>, v.text, at)
    return Object.fromEntries(entries.map(([k, e]) => [k, walk(e, k, `${at}.${k}`)]))
  }
  return walk(value, '', where) as T
}

export function visitPlanCredentials(plan: Plan, v: CredentialVisitor): Plan {
  return {
    ...plan,
    targets: plan.targets.map((t, i) => visitTargetCredentials(t, v, `targets[${i}]`)),
    suites: plan.suites.map((s, i) => visitConfigCredentials(s, v, `suites[${i}]`)),
  }
}

const redactor: CredentialVisitor = {
  text: () => REDACTED,
  // a connection string keeps its host and database in view; only its password goes
  secret: (value, where) =>
    where.endsWith('connectionString')
      ? rewriteUrlCredentials(value, () => REDACTED, where)
      : REDACTED_SECRET,
}

/** The plan as it is stored, exported, streamed and printed: every credential replaced. */
export const redactPlan = (plan: Plan): Plan => visitPlanCredentials(plan, redactor)
export const redactTarget = (t: Target): Target => visitTargetCredentials(t, redactor, 'target')

/**
 * A whole result document made safe to keep: its plan and each suite's copy of its config
 * redacted, and the plan's credential values scrubbed from every other text (an imported run
 * from an older or careless writer).
 */
export function redactRun<R extends { plan: Plan; suites: { config: unknown }[] }>(run: R): R {
  const values = credentialValues(run.plan)
  return scrubValues(
    {
      ...run,
      plan: redactPlan(run.plan),
      suites: run.suites.map((s, i) => ({
        ...s,
        config: visitConfigCredentials(s.config, redactor, `suites[${i}].config`),
      })),
    },
    values,
  )
}

function collector(): { visitor: CredentialVisitor; found: { value: string; where: string }[] } {
  const found: { value: string; where: string }[] = []
  return {
    found,
    visitor: {
      text: (value, where) => (found.push({ value, where }), value),
      secret: (value, where) => (found.push({ value, where }), value),
    },
  }
}

/** Where a target holds credentials as plain text (the store's guard and the sealing check). */
export function literalCredentialPaths(t: Target, where = 'target'): string[] {
  const c = collector()
  visitTargetCredentials(t, c.visitor, where)
  return c.found.map((f) => f.where)
}

/**
 * Every credential value in a plan whose secrets are resolved: the texts to scrub from
 * anything else that leaves the engine (errors, names, findings). Percent-decoded forms too.
 */
export function credentialValues(plan: Plan): string[] {
  const c = collector()
  visitPlanCredentials(plan, c.visitor)
  const values = new Set<string>()
  for (const { value } of c.found) {
    values.add(value)
    values.add(safeDecode(value))
    // a connection string's password is what leaks, not the whole string
    const inner = collector()
    rewriteUrlCredentials(value, inner.visitor.text, '')
    for (const f of inner.found) values.add(safeDecode(f.value)).add(f.value)
    // Basic auth goes on the wire as base64; bearer values may be echoed with the scheme
  }
  return [...values].filter((s) => s.length >= MIN_SCRUB_LENGTH)
}

/** Shorter values would scrub ordinary text by accident. */
export const MIN_SCRUB_LENGTH = 4
const SKIP_KEYS = new Set(['histogram', 'encoded'])

/** Replaces every occurrence of the given values in every string of a JSON-like value. */
export function scrubValues<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value
  const sorted = [...secrets].sort((a, b) => b.length - a.length)
  const scrubText = (s: string): string => {
    let out = s
    for (const secret of sorted) if (out.includes(secret)) out = out.split(secret).join(REDACTED)
    return out
  }
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return scrubText(x)
    if (Array.isArray(x)) return x.map(walk)
    if (x === null || typeof x !== 'object') return x
    return Object.fromEntries(
      Object.entries(x as Record<string, unknown>).map(([k, e]) => [
        scrubText(k),
        SKIP_KEYS.has(k) ? e : walk(e),
      ]),
    )
  }
  return walk(value) as T
}
