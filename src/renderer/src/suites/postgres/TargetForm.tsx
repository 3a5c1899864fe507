import type { FieldProblem, Secret } from '@shared/index'
import { draftForm } from '../../components/draft-form'
import { ChoiceField, TextField } from '../../components/fields'
import { SecretField, TargetFormFrame } from '../../components/TargetFields'
import { Field } from '../../components/ui'
import { numberText } from '../common/draft-text'
import {
  identityFields,
  newTargetIdentity,
  secretHint,
  targetIdentity,
  typedOrStored,
  type TargetIdentity,
} from '../common/target-draft'
import { defineTargetUi, type FormProps } from '../types'

export interface PostgresTargetDraft extends TargetIdentity {
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

const MODES = [
  { value: 'fields', label: 'Host and port' },
  { value: 'url', label: 'Connection string' },
] as const

function PostgresTargetForm(props: FormProps<PostgresTargetDraft>) {
  const { draft } = props
  const { set, problem: p, text } = draftForm(props)
  return (
    <TargetFormFrame
      form={props}
      placeholders={{ name: 'Orders DB (staging)', id: 'orders-db' }}
      claimed={['connectionString', 'host', 'port', 'database', 'user', 'password', 'ssl']}
    >
      <ChoiceField
        label="Connect with"
        wide
        choices={MODES}
        value={draft.mode}
        onChange={(mode) => set({ mode })}
      />
      {draft.mode === 'url' ? (
        <TextField
          label="Connection string"
          hint={secretHint(
            draft.connectionString,
            draft.storedConnectionString,
            'postgresql://user@host:5432/db — kept in the secret store when it carries a password',
          )}
          wide
          autoComplete="off"
          placeholder={
            draft.storedConnectionString ? '••••••••' : 'postgresql://app@127.0.0.1:5432/app'
          }
          {...text('connectionString')}
        />
      ) : (
        <>
          <TextField label="Host" placeholder="127.0.0.1" {...text('host')} />
          <TextField label="Port" inputMode="numeric" placeholder="5432" {...text('port')} />
          <TextField label="Database" placeholder="app" {...text('database')} />
          <TextField label="User" autoComplete="off" placeholder="app" {...text('user')} />
        </>
      )}
      <SecretField
        label="Password"
        name="password"
        problem={p('password')}
        typed={draft.password}
        stored={draft.storedPassword}
        onChange={(password) => set({ password })}
      />
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
    </TargetFormFrame>
  )
}

const newDraft = (): PostgresTargetDraft => ({
  ...newTargetIdentity(),
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

export const postgresTargetUi = defineTargetUi({
  kind: 'postgres',
  label: 'PostgreSQL',
  newDraft,
  fromTarget(t): PostgresTargetDraft {
    const cs = t.connectionString
    return {
      ...targetIdentity(t),
      mode: cs !== undefined ? 'url' : 'fields',
      // a plain connection string without a password is shown; anything else stays stored
      connectionString: typeof cs === 'string' ? cs : '',
      storedConnectionString: cs !== undefined && typeof cs !== 'string' ? cs : null,
      host: t.host ?? '',
      port: numberText(t.port),
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
    const password = typedOrStored(d.password, d.storedPassword)
    const cs = typedOrStored(d.connectionString.trim(), d.storedConnectionString)
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
      ...identityFields(d),
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
    if (t.connectionString !== undefined) {
      if (typeof t.connectionString !== 'string') return 'connection string (stored)'
      return t.connectionString.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:•••@')
    }
    return `${t.host ?? ''}:${t.port ?? 5432}/${t.database ?? ''}`
  },
  Form: PostgresTargetForm,
})
