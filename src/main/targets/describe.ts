import type { Target } from '@shared/index'

/** "api (http://127.0.0.1:8080)" — what a reader needs to recognise a target, never its secrets. */
export function describeTarget(t: Target): string {
  const label = t.name ? `${t.name} [${t.id}]` : t.id
  switch (t.kind) {
    case 'http':
      return `${label}: ${t.baseUrl}`
    case 'postgres':
      return `${label}: postgres ${t.host ?? 'connection string'}${t.port ? `:${t.port}` : ''}${t.database ? `/${t.database}` : ''}`
    case 'redis':
      return `${label}: ${t.url.replace(/\/\/[^@/]*@/, '//')}`
    case 'process':
      return `${label}: process ${t.pid !== undefined ? `pid ${t.pid}` : (t.command ?? '')}`
  }
}
