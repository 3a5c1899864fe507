import type { RunResult } from '@shared/index'
import { parseRunResultJson } from '../report/json'
import { unframeResult } from './frame'
import type { ShardDocument } from './merge-run'

/** A shard result from a result file's text or a pod log with a framed result in it. */
export function readShardText(text: string, source: string): ShardDocument {
  const run: RunResult = parseRunResultJson(unframeResult(text, source), source)
  return { source, run }
}
