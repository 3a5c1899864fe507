import type { FieldProblem, Secret, Target } from '@shared/index'
import { Field, ProblemList } from '../../components/ui'
import { parseNumberField, unclaimed } from '../../lib/problems'
import { slugId } from '../http-load/TargetForm'
import { defineTargetUi, type FormProps } from '../types'

export interface RedisTargetDraft {
  isNew: boolean
  name: string
  id: string
  /** while false, the id follows the name */
  idTouched: boolean
  url: string
  /** what the user typed; empty keeps the stored secret */
  password: string
  stored: Secret | null
  tls: boolean
  db: string
}

function storedLabel(s: Secret | null): string {
  if (!s || typeof s === 'string') return ''
  if ('env' in s) return `from $${s.env}`
  return 'stored securely'
}

function RedisTargetForm({ draft, onChange, problems, disabled }: FormProps<RedisTargetDraft>) {
  const set = (patch: Partial<RedisTargetDraft>): void => onChange({ ...draft, ...patch })
  const p = (path: string): string | undefined => problems[path]
  return (
    <fieldset className="form-grid" disabled={disabled}>
      <Field label="Name" problem={p('name')}>
        <input
          name="name"
          value={draft.name}
          placeholder="Session cache (staging)"
          onChange={(e) => {
            const name = e.target.value
            set(draft.isNew && !draft.idTouched ? { name, id: slugId(name) } : { name })
          }}
        />
      </Field>
      <Field
        label="Id"
        problem={p('id')}
        hint={
          draft.isNew ? 'used in plans and on the command line' : 'the id of a saved target stays'
        }
      >
        <input
          name="id"
          value={draft.id}
          readOnly={!draft.isNew}
          placeholder="session-cache"
          onChange={(e) => set({ id: e.target.value, idTouched: true })}
        />
      </Field>
      <Field label="URL" problem={p('url')} hint="redis://host:port, or rediss:// for TLS" wide>
        <input
          name="url"
          value={draft.url}
          placeholder="redis://127.0.0.1:6379"
          onChange={(e) => set({ url: e.target.value })}
        />
      </Field>
      <Field
        label="Password"
        problem={p('password')}
        hint={
          draft.stored && !draft.password
            ? `${storedLabel(draft.stored)}; type to replace`
            : 'optional; kept in the app’s secret store, never in plans or history'
        }
      >
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          value={draft.password}
          placeholder={draft.stored ? '••••••••' : ''}
          onChange={(e) => set({ password: e.target.value })}
        />
      </Field>
      <Field label="Database" problem={p('db')} hint="0–15; empty = the URL's, else 0">
        <input
          name="db"
          inputMode="numeric"
          value={draft.db}
          placeholder="0"
          onChange={(e) => set({ db: e.target.value })}
        />
      </Field>
      <label className="check wide">
        <input
          type="checkbox"
          checked={draft.tls}
          onChange={(e) => set({ tls: e.target.checked })}
        />
        Use TLS (also implied by rediss://)
      </label>
      <div className="wide">
        <ProblemList
          problems={unclaimed(problems, ['name', 'id', 'url', 'password', 'db', 'tls', 'kind'])}
        />
      </div>
    </fieldset>
  )
}

const newRedisTargetDraft = (): RedisTargetDraft => ({
  isNew: true,
  name: '',
  id: '',
  idTouched: false,
  url: 'redis://127.0.0.1:6379',
  password: '',
  stored: null,
  tls: false,
  db: '',
})

export const redisTargetUi = defineTargetUi<RedisTargetDraft>({
  kind: 'redis',
  label: 'Redis',
  newDraft: newRedisTargetDraft,
  fromTarget(t: Target): RedisTargetDraft {
    if (t.kind !== 'redis') return newRedisTargetDraft()
    return {
      isNew: false,
      name: t.name ?? '',
      id: t.id,
      idTouched: true,
      url: t.url,
      password: '',
      stored: t.password ?? null,
      tls: t.tls ?? false,
      db: t.db === undefined ? '' : String(t.db),
    }
  },
  toTarget(d) {
    const problems: FieldProblem[] = []
    const db = parseNumberField(d.db, 'db', problems, { integer: true })
    const password: Secret | undefined = d.password ? d.password : (d.stored ?? undefined)
    const target = {
      kind: 'redis',
      id: d.id.trim(),
      ...(d.name.trim() ? { name: d.name.trim() } : {}),
      url: d.url.trim(),
      ...(password !== undefined ? { password } : {}),
      ...(d.tls ? { tls: true } : {}),
      ...(db !== undefined ? { db } : {}),
    }
    return { target, problems }
  },
  describe: (t) =>
    t.kind === 'redis'
      ? `${t.url.replace(/\/\/[^@/]*@/, '//')}${t.db !== undefined ? ` db ${t.db}` : ''}`
      : t.kind,
  Form: RedisTargetForm,
})
