import { draftForm, FormGrid } from '../../components/draft-form'
import { TextField } from '../../components/fields'
import type { FormProps } from '../types'
import type { RedisHealthDraft } from './draft'

const CLAIMED = [
  'maxKeys',
  'keysPerSec',
  'maxSec',
  'bigKeyBytes',
  'noTtlShare',
  'zipf',
  'target',
  'kind',
]

export function RedisHealthForm(props: FormProps<RedisHealthDraft>) {
  const { problems, disabled } = props
  const { text } = draftForm(props)
  return (
    <FormGrid disabled={disabled} problems={problems} claimed={CLAIMED}>
      <p className="muted wide">
        Read commands only (SCAN, TYPE, PTTL, MEMORY USAGE, INFO, SLOWLOG): big keys, keys without a
        TTL, eviction, fragmentation, persistence, hit ratio, clients, and how much memory a cache
        needs for the hit rate you want. The database is left exactly as it was.
      </p>
      <TextField
        label="Keys to look at, at most"
        hint="beyond this the scan is a sample"
        inputMode="numeric"
        {...text('maxKeys')}
      />
      <TextField
        label="Keys per second, at most"
        hint="paces the scan on a busy server"
        inputMode="numeric"
        {...text('keysPerSec')}
      />
      <TextField label="Stop the scan after (s)" inputMode="decimal" {...text('maxSec')} />
      <TextField label="Big key from" hint="e.g. 1 MB, 512 KB" {...text('bigKeyBytes')} />
      <TextField
        label="Keys without TTL, finding above (%)"
        inputMode="decimal"
        {...text('noTtlSharePct', 'noTtlShare')}
      />
      <TextField
        label="Access skew (Zipf)"
        hint="for the cache-sizing curve: 0 uniform, 1 typical"
        inputMode="decimal"
        {...text('zipf')}
      />
    </FormGrid>
  )
}
