import { createHash } from 'node:crypto'
import type { Plan, PlanReview, Secret, Target } from '@shared/index'
import { suiteDefinition } from '../suites/registry'
import { ENV_PLACEHOLDER } from '@shared/redaction'

/** 127.0.0.0/8, ::1 and localhost: load that never leaves this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h)
}

function urlHost(url: string): string | null {
  try {
    const u = new URL(url)
    return u.hostname ? (u.port ? `${u.hostname}:${u.port}` : u.hostname) : null
  } catch {
    return null
  }
}

const hostName = (host: string): string => host.replace(/:\d+$/, '')

function secretText(s: Secret | undefined): string | undefined {
  return typeof s === 'string' ? s : undefined
}

/** The host a target sends load to, or a description when the plan does not say it plainly. */
function targetHost(t: Target): string | null {
  switch (t.kind) {
    case 'http':
      return urlHost(t.baseUrl)
    case 'redis':
      return urlHost(t.url)
    case 'postgres': {
      const cs = secretText(t.connectionString)
      if (cs !== undefined) {
        const fromUrl = /^[a-z]+:\/\//i.test(cs) ? urlHost(cs) : null
        const kv = /\bhost\s*=\s*'?([^\s']+)/i.exec(cs)?.[1]
        return fromUrl ?? kv ?? 'localhost (default)'
      }
      if (t.connectionString !== undefined && typeof t.connectionString === 'object')
        return 'env' in t.connectionString
          ? `(the host in environment variable ${t.connectionString.env})`
          : '(the host in a stored connection string)'
      return t.host ? (t.port ? `${t.host}:${t.port}` : t.host) : null
    }
    case 'process':
      return null
  }
}

/** Every `{"env": NAME}` and `{{env:NAME}}` in the plan, with its path. */
function envVars(value: unknown, at: string, out: PlanReview['envVars']): void {
  if (typeof value === 'string')
    for (const m of value.matchAll(ENV_PLACEHOLDER)) out.push({ path: at, name: m[1]! })
  else if (Array.isArray(value)) value.forEach((v, i) => envVars(v, `${at}[${i}]`, out))
  else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>
    const keys = Object.keys(o)
    if (keys.length === 1 && keys[0] === 'env' && typeof o.env === 'string')
      out.push({ path: at, name: o.env })
    else for (const k of keys) envVars(o[k], at ? `${at}.${k}` : k, out)
  }
}

/** What a plan will do: every host that gets load, every command, env var and local file. Pure. */
export function reviewPlan(plan: Plan): PlanReview {
  const used = new Set(plan.suites.map((s) => s.target))
  if (plan.monitor) used.add(plan.monitor.process)
  const hosts: PlanReview['hosts'] = []
  const commands: PlanReview['commands'] = []
  for (const t of plan.targets) {
    if (t.kind === 'process' && t.command !== undefined)
      commands.push({ target: t.id, command: t.command })
    const host = targetHost(t)
    if (host === null || !used.has(t.id)) continue
    hosts.push({ target: t.id, kind: t.kind, host, loopback: isLoopbackHost(hostName(host)) })
  }
  const env: PlanReview['envVars'] = []
  envVars(plan, '', env)
  const files: PlanReview['files'] = []
  plan.suites.forEach((s, i) => {
    for (const f of suiteDefinition(s.kind).localFiles?.(s as never) ?? [])
      files.push({ path: `suites[${i}].${f.path}`, file: f.file })
  })
  return {
    hosts,
    commands,
    envVars: env,
    files,
    nonLoopbackHosts: hosts
      .filter((h) => !h.loopback)
      .map((h) => ({ target: h.target, host: h.host })),
  }
}

/** Whether a plan does anything beyond plain load on this machine. */
export function hasRiskyItems(r: PlanReview): boolean {
  return (
    r.commands.length > 0 ||
    r.envVars.length > 0 ||
    r.files.length > 0 ||
    r.nonLoopbackHosts.length > 0
  )
}

/** What an approval must match: the review the user saw, so a changed plan needs a new one. */
export function reviewDigest(review: PlanReview): string {
  return createHash('sha256').update(JSON.stringify(review)).digest('hex').slice(0, 32)
}

/** The review as lines for a terminal. */
export function reviewLines(r: PlanReview): string[] {
  const lines: string[] = []
  for (const h of r.hosts)
    lines.push(
      `  load → ${h.host} (target "${h.target}", ${h.kind}${h.loopback ? ', this machine' : ', NOT this machine'})`,
    )
  for (const c of r.commands) lines.push(`  command (target "${c.target}"): ${c.command}`)
  for (const e of r.envVars) lines.push(`  environment variable ${e.name} (${e.path})`)
  for (const f of r.files) lines.push(`  reads file ${f.file} (${f.path})`)
  return lines
}
