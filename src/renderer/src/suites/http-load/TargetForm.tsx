import type { FieldProblem, Secret, Target } from '@shared/index'
import { Field, ProblemList } from '../../components/ui'
import { headerLines, parseHeaderLines, unclaimed } from '../../lib/problems'
import { defineTargetUi, type FormProps } from '../types'

export interface HttpTargetDraft {
  isNew: boolean
  name: string
  id: string
  /** while false, the id follows the name */
  idTouched: boolean
  baseUrl: string
  headers: string
  authType: 'none' | 'bearer' | 'basic'
  username: string
  /** what the user typed; empty keeps the stored secret */
  secret: string
  stored: Secret | null
  rejectUnauthorized: boolean
}

export const slugId = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64) || ''

function storedLabel(s: Secret | null): string {
  if (!s || typeof s === 'string') return ''
  if ('env' in s) return `from $${s.env}`
  return 'stored securely'
}

function HttpTargetForm({ draft, onChange, problems, disabled }: FormProps<HttpTargetDraft>) {
  const set = (patch: Partial<HttpTargetDraft>): void => onChange({ ...draft, ...patch })
  const p = (path: string): string | undefined => problems[path]
  const secretProblem = p('auth.token') ?? p('auth.password')
  return (
    <fieldset className="form-grid" disabled={disabled}>
      <Field label="Name" problem={p('name')}>
        <input
          name="name"
          value={draft.name}
          placeholder="Orders API (staging)"
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
          placeholder="orders-api"
          onChange={(e) => set({ id: e.target.value, idTouched: true })}
        />
      </Field>
      <Field label="Base URL" problem={p('baseUrl')} wide>
        <input
          name="baseUrl"
          value={draft.baseUrl}
          placeholder="http://127.0.0.1:8080"
          onChange={(e) => set({ baseUrl: e.target.value })}
        />
      </Field>
      <Field
        label="Headers"
        problem={p('headers')}
        hint='one per line, "Name: value"; sent with every request'
        wide
      >
        <textarea
          name="headers"
          rows={3}
          value={draft.headers}
          placeholder={'Accept: application/json\nX-Tenant: demo'}
          onChange={(e) => set({ headers: e.target.value })}
        />
      </Field>
      <Field label="Authentication" wide>
        <div className="segmented">
          {(['none', 'bearer', 'basic'] as const).map((a) => (
            <button
              type="button"
              key={a}
              className={draft.authType === a ? 'on' : ''}
              onClick={() =>
                set({ authType: a, secret: '', stored: a === draft.authType ? draft.stored : null })
              }
            >
              {a === 'none' ? 'None' : a === 'bearer' ? 'Bearer token' : 'Basic'}
            </button>
          ))}
        </div>
      </Field>
      {draft.authType === 'basic' ? (
        <Field label="Username" problem={p('auth.username')}>
          <input
            name="username"
            autoComplete="off"
            value={draft.username}
            onChange={(e) => set({ username: e.target.value })}
          />
        </Field>
      ) : null}
      {draft.authType !== 'none' ? (
        <Field
          label={draft.authType === 'bearer' ? 'Token' : 'Password'}
          problem={secretProblem}
          hint={
            draft.stored && !draft.secret
              ? `${storedLabel(draft.stored)}; type to replace`
              : 'kept in the app’s secret store, never in plans or history'
          }
        >
          <input
            name="secret"
            type="password"
            autoComplete="new-password"
            value={draft.secret}
            placeholder={draft.stored ? '••••••••' : ''}
            onChange={(e) => set({ secret: e.target.value })}
          />
        </Field>
      ) : null}
      <label className="check wide">
        <input
          type="checkbox"
          checked={!draft.rejectUnauthorized}
          onChange={(e) => set({ rejectUnauthorized: !e.target.checked })}
        />
        Accept self-signed or invalid TLS certificates
      </label>
      <div className="wide">
        <ProblemList
          problems={unclaimed(problems, [
            'name',
            'id',
            'baseUrl',
            'headers',
            'auth',
            'tls',
            'kind',
          ])}
        />
      </div>
    </fieldset>
  )
}

const newHttpTargetDraft = (): HttpTargetDraft => ({
  isNew: true,
  name: '',
  id: '',
  idTouched: false,
  baseUrl: '',
  headers: '',
  authType: 'none',
  username: '',
  secret: '',
  stored: null,
  rejectUnauthorized: true,
})

export const httpTargetUi = defineTargetUi<HttpTargetDraft>({
  kind: 'http',
  label: 'HTTP',
  newDraft: newHttpTargetDraft,
  fromTarget(t: Target): HttpTargetDraft {
    if (t.kind !== 'http') return newHttpTargetDraft()
    return {
      isNew: false,
      name: t.name ?? '',
      id: t.id,
      idTouched: true,
      baseUrl: t.baseUrl,
      headers: headerLines(t.headers),
      authType: t.auth?.type ?? 'none',
      username: t.auth?.type === 'basic' ? t.auth.username : '',
      secret: '',
      stored: t.auth ? (t.auth.type === 'bearer' ? t.auth.token : t.auth.password) : null,
      rejectUnauthorized: t.tls?.rejectUnauthorized ?? true,
    }
  },
  toTarget(d) {
    const problems: FieldProblem[] = []
    const headers = parseHeaderLines(d.headers, 'headers', problems)
    const secret: Secret | undefined = d.secret ? d.secret : (d.stored ?? undefined)
    if (d.authType !== 'none' && secret === undefined) {
      problems.push({
        path: d.authType === 'bearer' ? 'auth.token' : 'auth.password',
        message: d.authType === 'bearer' ? 'enter the token' : 'enter the password',
      })
    }
    const auth =
      d.authType === 'bearer'
        ? { type: 'bearer', token: secret ?? '' }
        : d.authType === 'basic'
          ? { type: 'basic', username: d.username, password: secret ?? '' }
          : undefined
    const target = {
      kind: 'http',
      id: d.id.trim(),
      ...(d.name.trim() ? { name: d.name.trim() } : {}),
      baseUrl: d.baseUrl.trim(),
      ...(headers ? { headers } : {}),
      ...(auth ? { auth } : {}),
      ...(d.rejectUnauthorized ? {} : { tls: { rejectUnauthorized: false } }),
    }
    return { target, problems }
  },
  describe: (t) => (t.kind === 'http' ? t.baseUrl : t.kind),
  Form: HttpTargetForm,
})
