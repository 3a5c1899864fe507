import { maskSealed } from '@shared/redaction'
import type { FieldProblem, Secret } from '@shared/index'
import { draftForm } from '../../components/draft-form'
import { CheckField, ChoiceField, TextField } from '../../components/fields'
import { SecretField, TargetFormFrame } from '../../components/TargetFields'
import { headerLines, parseHeaderLines } from '../../lib/problems'
import {
  identityFields,
  newTargetIdentity,
  targetIdentity,
  typedOrStored,
  type TargetIdentity,
} from '../common/target-draft'
import { defineTargetUi, type FormProps } from '../types'

export interface HttpTargetDraft extends TargetIdentity {
  baseUrl: string
  headers: string
  authType: 'none' | 'bearer' | 'basic'
  username: string
  /** what the user typed; empty keeps the stored secret */
  secret: string
  stored: Secret | null
  rejectUnauthorized: boolean
}

const AUTH_TYPES = [
  { value: 'none', label: 'None' },
  { value: 'bearer', label: 'Bearer token' },
  { value: 'basic', label: 'Basic' },
] as const

function HttpTargetForm(props: FormProps<HttpTargetDraft>) {
  const { draft } = props
  const { set, problem: p, text } = draftForm(props)
  return (
    <TargetFormFrame
      form={props}
      placeholders={{ name: 'Orders API (staging)', id: 'orders-api' }}
      claimed={['baseUrl', 'headers', 'auth', 'tls']}
    >
      <TextField label="Base URL" wide placeholder="http://127.0.0.1:8080" {...text('baseUrl')} />
      <TextField
        label="Headers"
        hint='one per line, "Name: value"; sent with every request'
        wide
        rows={3}
        placeholder={'Accept: application/json\nX-Tenant: demo'}
        {...text('headers')}
      />
      <ChoiceField
        label="Authentication"
        wide
        choices={AUTH_TYPES}
        value={draft.authType}
        onChange={(a) =>
          set({ authType: a, secret: '', stored: a === draft.authType ? draft.stored : null })
        }
      />
      {draft.authType === 'basic' ? (
        <TextField label="Username" autoComplete="off" {...text('username', 'auth.username')} />
      ) : null}
      {draft.authType !== 'none' ? (
        <SecretField
          label={draft.authType === 'bearer' ? 'Token' : 'Password'}
          name="secret"
          problem={p('auth.token') ?? p('auth.password')}
          typed={draft.secret}
          stored={draft.stored}
          onChange={(secret) => set({ secret })}
        />
      ) : null}
      <CheckField
        checked={!draft.rejectUnauthorized}
        onChange={(accept) => set({ rejectUnauthorized: !accept })}
      >
        Accept self-signed or invalid TLS certificates
      </CheckField>
    </TargetFormFrame>
  )
}

const newHttpTargetDraft = (): HttpTargetDraft => ({
  ...newTargetIdentity(),
  baseUrl: '',
  headers: '',
  authType: 'none',
  username: '',
  secret: '',
  stored: null,
  rejectUnauthorized: true,
})

export const httpTargetUi = defineTargetUi({
  kind: 'http',
  label: 'HTTP',
  newDraft: newHttpTargetDraft,
  fromTarget(t): HttpTargetDraft {
    return {
      ...targetIdentity(t),
      baseUrl: maskSealed(t.baseUrl),
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
    const secret = typedOrStored(d.secret, d.stored)
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
      ...identityFields(d),
      baseUrl: d.baseUrl.trim(),
      ...(headers ? { headers } : {}),
      ...(auth ? { auth } : {}),
      ...(d.rejectUnauthorized ? {} : { tls: { rejectUnauthorized: false } }),
    }
    return { target, problems }
  },
  describe: (t) => maskSealed(t.baseUrl),
  Form: HttpTargetForm,
})
