import {
  draftForm,
  FormGrid,
  specPaths,
  TextFields,
  type TextSpec,
} from '../../components/draft-form'
import type { FormProps } from '../types'
import type { RedisHealthDraft } from './draft'

const FIELDS: readonly TextSpec<RedisHealthDraft>[] = [
  {
    key: 'maxKeys',
    label: 'Keys to look at, at most',
    hint: 'beyond this the scan is a sample',
    inputMode: 'numeric',
  },
  {
    key: 'keysPerSec',
    label: 'Keys per second, at most',
    hint: 'paces the scan on a busy server',
    inputMode: 'numeric',
  },
  { key: 'maxSec', label: 'Stop the scan after (s)', inputMode: 'decimal' },
  { key: 'bigKeyBytes', label: 'Big key from', hint: 'e.g. 1 MB, 512 KB' },
  {
    key: 'noTtlSharePct',
    path: 'noTtlShare',
    label: 'Keys without TTL, finding above (%)',
    inputMode: 'decimal',
  },
  {
    key: 'zipf',
    label: 'Access skew (Zipf)',
    hint: 'for the cache-sizing curve: 0 uniform, 1 typical',
    inputMode: 'decimal',
  },
]
const CLAIMED = [...specPaths(FIELDS), 'target', 'kind']

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
      <TextFields fields={FIELDS} text={text} />
    </FormGrid>
  )
}
