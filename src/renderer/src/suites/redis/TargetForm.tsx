import { maskSealed } from '@shared/redaction'
import type { FieldProblem, Secret } from '@shared/index'
import { draftForm } from '../../components/draft-form'
import { CheckField, TextField } from '../../components/fields'
import { SecretField, TargetFormFrame } from '../../components/TargetFields'
import { parseNumberField } from '../../lib/problems'
import {
  identityFields,
  newTargetIdentity,
  targetIdentity,
  typedOrStored,
  type TargetIdentity,
} from '../common/target-draft'
import { numberText } from '../common/draft-text'
import { defineTargetUi, type FormProps } from '../types'

export interface RedisTargetDraft extends TargetIdentity {
  url: string
  /** what the user typed; empty keeps the stored secret */
  password: string
  stored: Secret | null
  tls: boolean
  db: string
}

function RedisTargetForm(props: FormProps<RedisTargetDraft>) {
  const { draft } = props
  const { set, problem: p, text } = draftForm(props)
  return (
    <TargetFormFrame
      form={props}
      placeholders={{ name: 'Session cache (staging)', id: 'session-cache' }}
      claimed={['url', 'password', 'db', 'tls']}
    >
      <TextField
        label="URL"
        hint="redis://host:port, or rediss:// for TLS"
        wide
        placeholder="redis://127.0.0.1:6379"
        {...text('url')}
      />
      <SecretField
        label="Password"
        name="password"
        problem={p('password')}
        typed={draft.password}
        stored={draft.stored}
        onChange={(password) => set({ password })}
        hint="optional; kept in the app’s secret store, never in plans or history"
      />
      <TextField
        label="Database"
        hint="0–15; empty = the URL's, else 0"
        inputMode="numeric"
        placeholder="0"
        {...text('db')}
      />
      <CheckField checked={draft.tls} onChange={(tls) => set({ tls })}>
        Use TLS (also implied by rediss://)
      </CheckField>
    </TargetFormFrame>
  )
}

const newRedisTargetDraft = (): RedisTargetDraft => ({
  ...newTargetIdentity(),
  url: 'redis://127.0.0.1:6379',
  password: '',
  stored: null,
  tls: false,
  db: '',
})

export const redisTargetUi = defineTargetUi({
  kind: 'redis',
  label: 'Redis',
  newDraft: newRedisTargetDraft,
  fromTarget(t): RedisTargetDraft {
    return {
      ...targetIdentity(t),
      url: maskSealed(t.url),
      password: '',
      stored: t.password ?? null,
      tls: t.tls ?? false,
      db: numberText(t.db),
    }
  },
  toTarget(d) {
    const problems: FieldProblem[] = []
    const db = parseNumberField(d.db, 'db', problems, { integer: true })
    const password = typedOrStored(d.password, d.stored)
    const target = {
      kind: 'redis',
      ...identityFields(d),
      url: d.url.trim(),
      ...(password !== undefined ? { password } : {}),
      ...(d.tls ? { tls: true } : {}),
      ...(db !== undefined ? { db } : {}),
    }
    return { target, problems }
  },
  describe: (t) =>
    `${t.url.replace(/\/\/[^@/]*@/, '//')}${t.db !== undefined ? ` db ${t.db}` : ''}`,
  Form: RedisTargetForm,
})
