import { createContext, useContext } from 'react'
import type { GeneratorStats } from '@shared/index'
import { CLIENT_BOUND, clientBoundReason, generatorFacts } from '@shared/client-bound'

/**
 * The generator of the suite result being shown, so that a rate tile anywhere inside it can
 * mark itself a lower bound ("≥ 52,300 req/s", client-bound) without the suite knowing how.
 */
export const GeneratorContext = createContext<GeneratorStats | undefined>(undefined)

/** Whether the rates shown inside the current suite result are lower bounds. */
export const useClientBound = (): boolean => useContext(GeneratorContext)?.clientBound === true

/** A suite's generator: a warning when it was the limit, and its own numbers. */
export function GeneratorPanel({ generator }: { generator: GeneratorStats | undefined }) {
  if (!generator) return null
  const reason = clientBoundReason({ generator })
  return (
    <div className="generator" data-testid="generator">
      {reason ? (
        <div className="banner warn" role="note" data-testid="client-bound">
          <strong>{CLIENT_BOUND}:</strong> {reason}
        </div>
      ) : null}
      <dl className="generator-facts">
        {generatorFacts(generator).map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>{f.text}</dd>
          </div>
        ))}
      </dl>
    </div>
  )
}
