import type { SuiteResult } from '@shared/index'
import { suiteUi } from '../suites/registry'
import { GeneratorContext, GeneratorPanel } from './ClientBound'
import { Notes } from './ui'

/**
 * A finished suite: its error and notes, the suite's own result view, and its generator. Rate
 * tiles inside know from the context whether the generator was the limit.
 */
export function SuiteResultView({ result }: { result: SuiteResult }) {
  const ui = suiteUi(result.kind)
  return (
    <GeneratorContext.Provider value={result.generator}>
      {result.error ? <div className="banner error">{result.error}</div> : null}
      <Notes notes={result.notes} />
      {ui ? (
        <ui.ResultView result={result} />
      ) : (
        <pre className="raw">{JSON.stringify(result, null, 2)}</pre>
      )}
      <GeneratorPanel generator={result.generator} />
    </GeneratorContext.Provider>
  )
}
