import { draftForm, FormGrid, TextFields, type TextSpec } from '../../components/draft-form'
import { CheckField, ChoiceField, TextField } from '../../components/fields'
import { ThresholdFields } from '../../components/ThresholdFields'
import { thresholdPath } from '../common/thresholds'
import type { FormProps } from '../types'
import { httpCacheThresholdFields, type HttpCacheDraft, type ResourceSource } from './draft'

const CLAIMED = [
  'paths',
  'crawl',
  'repeat',
  'invalidation',
  ...httpCacheThresholdFields.map((f) => thresholdPath(f.threshold)),
  'target',
  'kind',
]

const SOURCES = [
  { value: 'paths', label: 'Paths', name: 'source-paths' },
  { value: 'crawl', label: 'Crawl', name: 'source-crawl' },
  { value: 'both', label: 'Both', name: 'source-both' },
] as const satisfies readonly { value: ResourceSource; label: string; name: string }[]

const CRAWL_FIELDS: readonly TextSpec<HttpCacheDraft>[] = [
  {
    key: 'crawlStart',
    path: 'crawl.start',
    label: 'Crawl from',
    hint: 'same origin; follows a, link, script and img',
  },
  {
    key: 'maxPages',
    path: 'crawl.maxPages',
    label: 'Max pages',
    hint: 'HTML pages, at most 500',
    inputMode: 'numeric',
  },
]

const INVALIDATION_FIELDS: readonly TextSpec<HttpCacheDraft>[] = [
  {
    key: 'invPath',
    path: 'invalidation.path',
    label: 'Watch path',
    hint: 'the resource whose content changes',
  },
  {
    key: 'invTimeoutSec',
    path: 'invalidation.timeoutSec',
    label: 'Give up after (s)',
    inputMode: 'decimal',
  },
]

const METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'GET'] as const

export function HttpCacheForm(props: FormProps<HttpCacheDraft>) {
  const { draft, onChange, problems, disabled } = props
  const { set, problem: p, text } = draftForm(props)
  return (
    <FormGrid disabled={disabled} problems={problems} claimed={CLAIMED}>
      <div className="subhead wide">Resources</div>
      <ChoiceField
        label="Audit"
        wide
        choices={SOURCES}
        value={draft.source}
        onChange={(source) => set({ source })}
      />
      {draft.source !== 'crawl' ? (
        <TextField
          label="Paths"
          hint="one per line, relative to the base URL, e.g. /, /static/app.3f9a1c2b.js, /api/items"
          wide
          rows={4}
          {...text('paths')}
        />
      ) : null}
      {draft.source !== 'paths' ? (
        <>
          <TextFields fields={CRAWL_FIELDS} text={text} />
        </>
      ) : null}
      <TextField
        label="Requests per resource"
        hint="the first is cold; the others show warm times and CDN hits"
        inputMode="numeric"
        {...text('repeat')}
      />

      <div className="subhead wide">Invalidation probe</div>
      <CheckField
        name="invalidationOn"
        checked={draft.invalidationOn}
        onChange={(invalidationOn) => set({ invalidationOn })}
      >
        Measure how long old content is still served after a change
      </CheckField>
      {draft.invalidationOn ? (
        <>
          <TextFields fields={INVALIDATION_FIELDS} text={text} />
          <ChoiceField
            label="The change"
            wide
            choices={[
              { value: 'trigger', label: 'A request triggers it', name: 'trigger-request' },
              { value: 'manual', label: 'I will change it myself', name: 'trigger-manual' },
            ]}
            value={draft.invTriggerOn ? 'trigger' : 'manual'}
            onChange={(v) => set({ invTriggerOn: v === 'trigger' })}
          />
          {draft.invTriggerOn ? (
            <>
              <ChoiceField
                wide
                label="Method"
                choices={METHODS.map((m) => ({ value: m, label: m }))}
                value={
                  (METHODS as readonly string[]).includes(draft.invMethod)
                    ? (draft.invMethod as (typeof METHODS)[number])
                    : 'POST'
                }
                onChange={(invMethod) => set({ invMethod })}
                problem={p('invalidation.trigger.method')}
              />
              <TextField
                label="Trigger path"
                placeholder="/admin/publish"
                {...text('invTriggerPath', 'invalidation.trigger.path')}
              />
              <TextField
                label="Body"
                hint="optional"
                wide
                rows={2}
                {...text('invBody', 'invalidation.trigger.body')}
              />
            </>
          ) : null}
        </>
      ) : null}

      <ThresholdFields
        fields={httpCacheThresholdFields}
        draft={draft}
        onChange={onChange}
        problems={problems}
      />
    </FormGrid>
  )
}
