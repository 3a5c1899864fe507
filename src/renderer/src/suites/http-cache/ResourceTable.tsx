import { useMemo, useState, type ReactElement } from 'react'
import { CacheResourceKindSchema, type CacheResource, type CacheResourceKind } from '@shared/index'
import { Segmented } from '../../components/fields'
import { bytes, num } from '../../lib/format'
import { numCol, TableHead } from '../../components/table-head'

type Filter = 'all' | 'issues' | 'not-cacheable' | 'cdn'

const DAY = 86_400

export function ttl(s: number | null): string {
  if (s === null) return 'no store'
  if (s === 0) return '0 s'
  if (s >= DAY) return `${+(s / DAY).toFixed(1)} d`
  if (s >= 3600) return `${+(s / 3600).toFixed(1)} h`
  return `${s} s`
}

const compressible = (ct: string | null): boolean =>
  /^text\/|json|javascript|xml|svg/.test((ct ?? '').toLowerCase())

/** The problems of one resource, as the findings judge them, in short words. */
export function issuesOf(r: CacheResource): string[] {
  const out: string[] = []
  if (r.status === null || r.status >= 400) out.push(r.error ?? `status ${r.status}`)
  if (r.revalidation === 'full') out.push('full body on revalidation')
  if (r.vary.includes('*')) out.push('Vary: *')
  if (r.setCookie && r.sharedTtlSec !== null) out.push('Set-Cookie shared-cacheable')
  if (
    r.compression.encoding === null &&
    compressible(r.contentType) &&
    (r.compression.identityBytes ?? r.bytes) > 1024
  )
    out.push('uncompressed')
  if (r.heuristic) out.push('heuristic TTL')
  if (r.fingerprinted && ((r.ttlSec ?? 0) < 30 * DAY || !('immutable' in r.directives)))
    out.push('fingerprinted, not immutable')
  if (['script', 'style', 'image', 'font'].includes(r.kind) && 'no-store' in r.directives)
    out.push('no-store asset')
  if ((r.sharedTtlSec ?? 0) > 0 && r.cdn.statuses.slice(1).includes('miss')) out.push('CDN misses')
  if (r.kind === 'html' && Math.max(r.ttlSec ?? 0, r.sharedTtlSec ?? 0) > 3600)
    out.push('HTML cached long')
  return out
}

function Badge({
  tone,
  children,
  title,
}: {
  tone: 'good' | 'bad' | 'warn' | 'info' | 'neutral'
  children: string
  title?: string
}) {
  return (
    <span className={`cache-badge ${tone}`} title={title}>
      {children}
    </span>
  )
}

function Badges({ r }: { r: CacheResource }) {
  const b: ReactElement[] = [
    <Badge key="k" tone="neutral">
      {r.kind}
    </Badge>,
  ]
  b.push(
    r.cacheable ? (
      <Badge key="c" tone="good">
        cacheable
      </Badge>
    ) : (
      <Badge key="c" tone="bad" title="no cache may store and reuse it">
        not cacheable
      </Badge>
    ),
  )
  if ('immutable' in r.directives)
    b.push(
      <Badge key="i" tone="good">
        immutable
      </Badge>,
    )
  if (r.heuristic)
    b.push(
      <Badge key="h" tone="warn" title="no max-age, s-maxage or Expires">
        heuristic
      </Badge>,
    )
  if (r.revalidation === '304')
    b.push(
      <Badge key="r" tone="good">
        304
      </Badge>,
    )
  if (r.revalidation === 'full')
    b.push(
      <Badge key="r" tone="bad" title="a conditional request got the whole body">
        full body
      </Badge>,
    )
  if (r.compression.encoding)
    b.push(
      <Badge key="e" tone="info">
        {r.compression.encoding}
      </Badge>,
    )
  if (r.setCookie)
    b.push(
      <Badge key="s" tone={r.sharedTtlSec !== null ? 'bad' : 'info'}>
        Set-Cookie
      </Badge>,
    )
  if (r.vary.includes('*'))
    b.push(
      <Badge key="v" tone="bad">
        Vary: *
      </Badge>,
    )
  if (r.fingerprinted)
    b.push(
      <Badge key="f" tone="info">
        fingerprinted
      </Badge>,
    )
  return <span className="cache-badges">{b}</span>
}

const t = (v: number | null): string => (v === null ? '–' : num(v, v < 10 ? 1 : 0))

/** "101 / 22 / 22 ms": one cell for the three timings keeps the table narrow. */
function timings(r: CacheResource): string {
  if (r.coldMs === null) return '—'
  return `${t(r.coldMs)} / ${t(r.warmMs)} / ${t(r.revalidateMs)} ms`
}

function cdnCell(r: CacheResource): string {
  if (r.cdn.hitRatio === null) return r.cdn.provider ?? '—'
  return `${r.cdn.provider ?? 'cache'} ${r.cdn.hits}/${r.cdn.hits + r.cdn.misses}`
}

const KINDS: readonly ('any' | CacheResourceKind)[] = ['any', ...CacheResourceKindSchema.options]

export function ResourceTable({ resources }: { resources: readonly CacheResource[] }) {
  const [filter, setFilter] = useState<Filter>('all')
  const [kind, setKind] = useState<'any' | CacheResourceKind>('any')
  const [search, setSearch] = useState('')
  const rows = useMemo(
    () =>
      resources
        .map((r, i) => ({ r, n: i + 1, issues: issuesOf(r) }))
        .filter(({ r, issues }) => {
          if (kind !== 'any' && r.kind !== kind) return false
          if (search && !r.path.toLowerCase().includes(search.toLowerCase())) return false
          if (filter === 'issues') return issues.length > 0
          if (filter === 'not-cacheable') return !r.cacheable
          if (filter === 'cdn') return r.cdn.hitRatio !== null
          return true
        }),
    [resources, filter, kind, search],
  )
  const kindsPresent = KINDS.filter((k) => k === 'any' || resources.some((r) => r.kind === k))
  return (
    <>
      <h3>Resources</h3>
      <div className="cache-filters">
        <Segmented
          label="show"
          choices={[
            { value: 'all', label: `All ${resources.length}`, name: 'filter-all' },
            {
              value: 'issues',
              label: `With issues ${resources.filter((r) => issuesOf(r).length).length}`,
              name: 'filter-issues',
            },
            {
              value: 'not-cacheable',
              label: `Not cacheable ${resources.filter((r) => !r.cacheable).length}`,
              name: 'filter-not-cacheable',
            },
            { value: 'cdn', label: 'Via CDN', name: 'filter-cdn' },
          ]}
          value={filter}
          onChange={setFilter}
        />
        <select
          aria-label="resource type"
          value={kind}
          onChange={(e) => setKind(e.target.value as typeof kind)}
        >
          {kindsPresent.map((k) => (
            <option key={k} value={k}>
              {k === 'any' ? 'every type' : k}
            </option>
          ))}
        </select>
        <input
          aria-label="filter by path"
          placeholder="path contains…"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <div className="cache-scroll">
        <table className="table compact cache-table" data-testid="cache-resources">
          <TableHead
            columns={[
              numCol('#'),
              'Path',
              numCol('Status'),
              numCol('TTL'),
              numCol('Shared TTL'),
              'CDN',
              numCol('Size'),
              numCol('Cold / warm / reval.', 'cold / warm (median) / revalidated'),
            ]}
          />
          <tbody>
            {rows.map(({ r, n, issues }) => (
              <tr
                key={n}
                className={issues.length ? 'has-issues' : undefined}
                title={issues.join(' · ') || undefined}
              >
                <td className="num">{n}</td>
                <td>
                  <div className="cache-path">{r.path}</div>
                  <Badges r={r} />
                </td>
                <td className="num">{r.status ?? 'error'}</td>
                <td className="num">
                  {ttl(r.ttlSec)}
                  {r.heuristic ? '*' : ''}
                </td>
                <td className="num">{ttl(r.sharedTtlSec)}</td>
                <td className="cdn">{cdnCell(r)}</td>
                <td
                  className="num"
                  title={
                    r.compression.identityBytes !== null
                      ? `${bytes(r.compression.identityBytes)} without content coding`
                      : undefined
                  }
                >
                  {bytes(r.bytes)}
                </td>
                <td className="num">{timings(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        TTL: freshness lifetime in a browser (private) cache; shared TTL: in a CDN or proxy. * a
        heuristic lifetime (no max-age, s-maxage or Expires). Size: as sent (hover for the size
        without content coding). Hover a row for its issues.
      </p>
    </>
  )
}
