import type { FieldProblem, Secret, Target } from '@shared/index'
import { Field, ProblemList } from '../../components/ui'
import { unclaimed } from '../../lib/problems'
import { slugId } from '../http-load/TargetForm'
import { defineTargetUi, type FormProps } from '../types'

export interface PostgresTargetDraft {
  isNew: boolean
  name: string
  id: string
  idTouched: boolean
  mode: 'fields' | 'url'
  /** what the user typed; empty keeps the stored one */
  connectionString: string
  storedConnectionString: Secret | null
  host: string
  port: string
  database: string
  user: string
  password: string
  storedPassword: Secret | null
  ssl: 'off' | 'verify' | 'no-verify'
}

function storedLabel(s: Secret | null): string {
  if (!s || typeof s === 'string') return ''
  if ('env' in s) return `from $${s.env}`
  return 'stored securely'
}

function PostgresTargetForm({
  draft,
  onChange,
  problems,
  disabled,
}: FormProps<PostgresTargetDraft>) {
  const set = (patch: Partial<PostgresTargetDraft>): void => onChange({ ...draft, ...patch })
  const p = (path: string): string | undefined => problems[path]
  return (
    <fieldset className="form-grid" disabled={disabled}>
      <Field label="Name" problem={p('name')}>
        <input
          name="name"
          value={draft.name}
          placeholder="Orders DB (staging)"
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
          placeholder="orders-db"
          onChange={(e) => set({ id: e.target.value, idTouched: true })}
        />
      </Field>
      <Field label="Connect with" wide>
        <div className="segmented">
          <button
            type="button"
            className={draft.mode === 'fields' ? 'on' : ''}
            onClick={() => set({ mode: 'fields' })}
          >
            Host and port
          </button>
          <button
            type="button"
            className={draft.mode === 'url' ? 'on' : ''}
            onClick={() => set({ mode: 'url' })}
          >
            Connection string
          </button>
        </div>
      </Field>
      {draft.mode === 'url' ? (
        <Field
          label="Connection string"
          problem={p('connectionString')}
          hint={
            draft.storedConnectionString && !draft.connectionString
              ? `${storedLabel(draft.storedConnectionString)}; type to replace`
              : 'postgresql://user@host:5432/db — kept in the secret store when it carries a password'
          }
          wide
        >
          <input
            name="connectionString"
            autoComplete="off"
            value={draft.connectionString}
            placeholder={
              draft.storedConnectionString ? '••••••••' : 'postgresql://app@127.0.0.1:5432/app'
            }
            onChange={(e) => set({ connectionString: e.target.value })}
          />
        </Field>
      ) : (
        <>
          <Field label="Host" problem={p('host')}>
            <input
              name="host"
              value={draft.host}
              placeholder="127.0.0.1"
              onChange={(e) => set({ host: e.target.value })}
            />
          </Field>
          <Field label="Port" problem={p('port')}>
            <input
              name="port"
              inputMode="numeric"
              value={draft.port}
              placeholder="5432"
              onChange={(e) => set({ port: e.target.value })}
            />
          </Field>
          <Field label="Database" problem={p('database')}>
            <input
              name="database"
              value={draft.database}
              placeholder="app"
              onChange={(e) => set({ database: e.target.value })}
            />
          </Field>
          <Field label="User" problem={p('user')}>
            <input
              name="user"
              autoComplete="off"
              value={draft.user}
              placeholder="app"
              onChange={(e) => set({ user: e.target.value })}
            />
          </Field>
        </>
      )}
      <Field
        label="Password"
        problem={p('password')}
        hint={
          draft.storedPassword && !draft.password
            ? `${storedLabel(draft.storedPassword)}; type to replace`
            : 'kept in the app’s secret store, never in plans or history'
        }
      >
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          value={draft.password}
          placeholder={draft.storedPassword ? '••••••••' : ''}
          onChange={(e) => set({ password: e.target.value })}
        />
      </Field>
      <Field label="SSL" problem={p('ssl')}>
        <select
          name="ssl"
          value={draft.ssl}
          onChange={(e) => set({ ssl: e.target.value as PostgresTargetDraft['ssl'] })}
        >
          <option value="off">off</option>
          <option value="verify">on, verify the certificate</option>
          <option value="no-verify">on, accept any certificate</option>
        </select>
      </Field>
      <div className="wide">
        <ProblemList
          problems={unclaimed(problems, [
            'name',
            'id',
            'connectionString',
            'host',
            'port',
            'database',
            'user',
            'password',
            'ssl',
            'kind',
          ])}
        />
      </div>
    </fieldset>
  )
}

const newDraft = (): PostgresTargetDraft => ({
  isNew: true,
  name: '',
  id: '',
  idTouched: false,
  mode: 'fields',
  connectionString: '',
  storedConnectionString: null,
  host: '127.0.0.1',
  port: '5432',
  database: '',
  user: '',
  password: '',
  storedPassword: null,
  ssl: 'off',
})

export const postgresTargetUi = defineTargetUi<PostgresTargetDraft>({
  kind: 'postgres',
  label: 'PostgreSQL',
  newDraft,
  fromTarget(t: Target): PostgresTargetDraft {
    if (t.kind !== 'postgres') return newDraft()
    const cs = t.connectionString
    return {
      isNew: false,
      name: t.name ?? '',
      id: t.id,
      idTouched: true,
      mode: cs !== undefined ? 'url' : 'fields',
      // a plain connection string without a password is shown; anything else stays stored
      connectionString: typeof cs === 'string' ? cs : '',
      storedConnectionString: cs !== undefined && typeof cs !== 'string' ? cs : null,
      host: t.host ?? '',
      port: t.port === undefined ? '' : String(t.port),
      database: t.database ?? '',
      user: t.user ?? '',
      password: '',
      storedPassword: t.password ?? null,
      ssl:
        t.ssl === undefined || t.ssl === false
          ? 'off'
          : t.ssl === true || t.ssl.rejectUnauthorized
            ? 'verify'
            : 'no-verify',
    }
  },
  toTarget(d) {
    const problems: FieldProblem[] = []
    let port: number | undefined
    if (d.mode === 'fields' && d.port.trim()) {
      port = Number(d.port.trim())
      if (!Number.isInteger(port)) {
        problems.push({ path: 'port', message: 'a whole number, e.g. 5432' })
        port = undefined
      }
    }
    const password: Secret | undefined = d.password ? d.password : (d.storedPassword ?? undefined)
    const cs: Secret | undefined = d.connectionString.trim()
      ? d.connectionString.trim()
      : (d.storedConnectionString ?? undefined)
    if (d.mode === 'url' && cs === undefined) {
      problems.push({
        path: 'connectionString',
        message: 'enter a connection string, e.g. postgresql://app@127.0.0.1:5432/app',
      })
    }
    if (d.mode === 'fields' && !d.host.trim())
      problems.push({ path: 'host', message: 'enter the host, e.g. 127.0.0.1' })
    const target = {
      kind: 'postgres',
      id: d.id.trim(),
      ...(d.name.trim() ? { name: d.name.trim() } : {}),
      ...(d.mode === 'url'
        ? cs !== undefined
          ? { connectionString: cs }
          : {}
        : {
            host: d.host.trim(),
            ...(port !== undefined ? { port } : {}),
            ...(d.database.trim() ? { database: d.database.trim() } : {}),
            ...(d.user.trim() ? { user: d.user.trim() } : {}),
          }),
      ...(password !== undefined ? { password } : {}),
      ...(d.ssl === 'off'
        ? {}
        : { ssl: d.ssl === 'verify' ? true : { rejectUnauthorized: false } }),
    }
    return { target, problems }
  },
  describe: (t) => {
    if (t.kind !== 'postgres') return t.kind
    if (t.connectionString !== undefined) {
      if (typeof t.connectionString !== 'string') return 'connection string (stored)'
      return t.connectionString.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:•••@')
    }
    return `${t.host ?? ''}:${t.port ?? 5432}/${t.database ?? ''}`
  },
  Form: PostgresTargetForm,
})
