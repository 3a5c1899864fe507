import { readFileSync } from 'node:fs'
import {
  brotliCompressSync,
  brotliDecompressSync,
  constants,
  deflateSync,
  gzipSync,
  gunzipSync,
  inflateSync,
} from 'node:zlib'
import type { Redis } from 'ioredis'
import type { RedisCodec, RedisCompression, RedisCompressionRow } from '@shared/index'
import { newHistogram, summarize } from '../common/latency'
import { classifyValueSample } from './config'
import { bounded, formatPayload } from './run-control'

interface Codec {
  name: RedisCodec
  level: number | null
  encode(b: Buffer): Buffer
  decode(b: Buffer): Buffer
}

/** brotli at its default quality (11) is far too slow for a cache; 5 is a usual online setting */
const BROTLI_QUALITY = 5
const ZLIB_LEVEL = 6

export const codecs: Codec[] = [
  { name: 'raw', level: null, encode: (b) => b, decode: (b) => b },
  {
    name: 'gzip',
    level: ZLIB_LEVEL,
    encode: (b) => gzipSync(b, { level: ZLIB_LEVEL }),
    decode: (b) => gunzipSync(b),
  },
  {
    name: 'brotli',
    level: BROTLI_QUALITY,
    encode: (b) =>
      brotliCompressSync(b, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: b.length,
        },
      }),
    decode: (b) => brotliDecompressSync(b),
  },
  {
    name: 'deflate',
    level: ZLIB_LEVEL,
    encode: (b) => deflateSync(b, { level: ZLIB_LEVEL }),
    decode: (b) => inflateSync(b),
  },
]

/** Below this ratio compression saves too little to pay for its CPU. */
export const WORTHWHILE_RATIO = 1.5

/** The value to study: the plan's sample (JSON text or a file, read as bytes) or generated JSON. */
export function loadSample(valueSample: string | undefined): {
  source: RedisCompression['source']
  value: Buffer
} {
  const s = classifyValueSample(valueSample)
  if (s.kind === 'json-text') return { source: 'json-text', value: s.value }
  if (s.kind === 'file') {
    try {
      return { source: 'file', value: readFileSync(s.path) }
    } catch (err) {
      throw new Error(
        `valueSample: cannot read "${s.path}" (${err instanceof Error ? err.message : String(err)}); give JSON text or a readable file`,
        { cause: err },
      )
    }
  }
  return { source: 'generated-json', value: generatedJson(16 * 1024) }
}

/** API-like JSON records (repeated field names, enums, dates, ids): typical cache content. */
export function generatedJson(approxBytes: number): Buffer {
  let seed = 42
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
  const words = [
    'alpha',
    'bravo',
    'charlie',
    'delta',
    'echo',
    'foxtrot',
    'golf',
    'hotel',
    'india',
    'juliet',
  ]
  const pick = (): string => words[Math.floor(rand() * words.length)]!
  const items: unknown[] = []
  let size = 2
  for (let id = 1; size < approxBytes; id++) {
    const item = {
      id,
      sku: `SKU-${Math.floor(rand() * 1e6)
        .toString()
        .padStart(6, '0')}`,
      name: `${pick()} ${pick()}`,
      status: rand() < 0.8 ? 'active' : 'archived',
      price: Math.round(rand() * 100000) / 100,
      tags: [pick(), pick()],
      createdAt: new Date(1_700_000_000_000 + Math.floor(rand() * 3e10)).toISOString(),
      owner: { id: Math.floor(rand() * 500), region: rand() < 0.5 ? 'eu-west-1' : 'us-east-1' },
    }
    items.push(item)
    size += JSON.stringify(item).length + 1
  }
  return Buffer.from(JSON.stringify(items))
}

/** Mean µs per call of a synchronous function: at least 3 calls, about `budgetMs` of work. */
function timePerCall(fn: () => void, budgetMs: number): number {
  fn() // warm
  let calls = 0
  const start = performance.now()
  let now = start
  while (calls < 3 || (now - start < budgetMs && calls < 2000)) {
    fn()
    calls++
    now = performance.now()
  }
  return Math.round(((now - start) * 10_000) / calls) / 10
}

export interface CompressionEnv {
  client: Redis
  keyPrefix: string
  timeoutMs: number
  signal: AbortSignal
  /** time spent measuring SET/GET per codec */
  budgetMs: number
  /** the suite's safety TTL for every key */
  ttlSec: number
}

/**
 * Raw vs gzip vs brotli vs deflate for one value: size ratio, encode and decode time (on this
 * thread, synchronous, so wall time is CPU time), and SET (encode + SET) and GET (GET + decode)
 * latency against the server. Then where compression starts to pay, and a recommendation.
 */
export async function runCompressionStudy(
  env: CompressionEnv,
  sample: { source: RedisCompression['source']; value: Buffer },
): Promise<RedisCompression> {
  const value = sample.value
  const rows: RedisCompressionRow[] = []
  for (const codec of codecs) {
    const encoded = codec.encode(value)
    const back = codec.decode(encoded)
    if (!back.equals(value)) throw new Error(`${codec.name} did not round-trip the value`)
    const encodeUs = codec.name === 'raw' ? 0 : timePerCall(() => codec.encode(value), 30)
    const decodeUs = codec.name === 'raw' ? 0 : timePerCall(() => codec.decode(encoded), 30)
    const { setMs, getMs } = await measureRoundTrips(env, codec, value)
    rows.push({
      codec: codec.name,
      level: codec.level,
      bytes: encoded.length,
      ratio: round2(value.length / Math.max(1, encoded.length)),
      encodeUs,
      decodeUs,
      setMs,
      getMs,
    })
  }
  const chosen = chooseCodec(rows)
  const bySize = chosen
    ? sizeSweep(
        codecs.find((c) => c.name === chosen.codec)!,
        value,
      )
    : []
  return {
    source: sample.source,
    sampleBytes: value.length,
    rows,
    bySize,
    recommendation: recommend(rows, chosen, bySize, value.length),
  }
}

async function measureRoundTrips(
  env: CompressionEnv,
  codec: Codec,
  value: Buffer,
): Promise<{ setMs: RedisCompressionRow['setMs']; getMs: RedisCompressionRow['getMs'] }> {
  const key = `${env.keyPrefix}c:${codec.name}`
  const set = newHistogram()
  const get = newHistogram()
  const start = performance.now()
  let i = 0
  while (i < 5 || (performance.now() - start < env.budgetMs && i < 2000)) {
    const t0 = process.hrtime.bigint()
    await bounded(
      env.client.set(key, codec.encode(value), 'EX', env.ttlSec),
      env.timeoutMs,
      env.signal,
    )
    const t1 = process.hrtime.bigint()
    const got = await bounded(env.client.getBuffer(key), env.timeoutMs, env.signal)
    if (got) codec.decode(got)
    const t2 = process.hrtime.bigint()
    set.recordValue(Math.max(1, Math.round(Number(t1 - t0) / 1000)))
    get.recordValue(Math.max(1, Math.round(Number(t2 - t1) / 1000)))
    i++
  }
  return { setMs: summarize(set), getMs: summarize(get) }
}

/** The cheapest codec (encode + decode) among those within 10 % of the best ratio. */
export function chooseCodec(rows: RedisCompressionRow[]): RedisCompressionRow | null {
  const compressing = rows.filter((r) => r.codec !== 'raw')
  const best = Math.max(...compressing.map((r) => r.ratio))
  const near = compressing.filter((r) => r.ratio >= best * 0.9)
  near.sort((a, b) => a.encodeUs + a.decodeUs - (b.encodeUs + b.decodeUs))
  return near[0] ?? null
}

const SWEEP_SIZES = [128, 256, 512, 1024, 2048, 4096, 8192, 16384, 65536, 262144]

/** The chosen codec on prefixes of the value: small values compress worse (headers, no history). */
function sizeSweep(codec: Codec, value: Buffer): RedisCompression['bySize'] {
  const sizes = [...SWEEP_SIZES.filter((s) => s < value.length), value.length]
  return sizes.map((bytes) => {
    const slice = value.subarray(0, bytes)
    const encoded = codec.encode(slice)
    return {
      bytes,
      codec: codec.name,
      ratio: round2(bytes / Math.max(1, encoded.length)),
      encodeUs: timePerCall(() => codec.encode(slice), 5),
      decodeUs: timePerCall(() => codec.decode(encoded), 5),
    }
  })
}

function recommend(
  rows: RedisCompressionRow[],
  chosen: RedisCompressionRow | null,
  bySize: RedisCompression['bySize'],
  sampleBytes: number,
): RedisCompression['recommendation'] {
  const raw = rows.find((r) => r.codec === 'raw')
  if (!chosen || !raw)
    return { compress: false, codec: null, minBytes: null, summary: 'no codec could be measured' }
  const cpu = chosen.encodeUs + chosen.decodeUs
  if (chosen.ratio < WORTHWHILE_RATIO) {
    const saved = Math.round((1 - 1 / chosen.ratio) * 100)
    const what =
      chosen.ratio < 1.1 ? 'the value is incompressible' : `it saves only ${saved} % of the bytes`
    return {
      compress: false,
      codec: null,
      minBytes: null,
      summary:
        `do not compress: ${what} (best ${chosen.codec} ${chosen.ratio.toFixed(2)}×, ` +
        `${formatPayload(sampleBytes)} → ${formatPayload(chosen.bytes)}) and costs ${cpu} µs of CPU per SET + GET`,
    }
  }
  const firstWorth = bySize.find((s) => s.ratio >= WORTHWHILE_RATIO)
  const minBytes = firstWorth?.bytes ?? sampleBytes
  const lat = (m: RedisCompressionRow['setMs']): string => (m ? `${m.p50} ms` : 'n/a')
  return {
    compress: true,
    codec: chosen.codec,
    minBytes,
    summary:
      `compress values of ${formatPayload(minBytes)} and more with ${chosen.codec}: ${chosen.ratio.toFixed(1)}× smaller ` +
      `(${formatPayload(sampleBytes)} → ${formatPayload(chosen.bytes)}), ${chosen.encodeUs} µs to encode and ${chosen.decodeUs} µs to decode; ` +
      `SET p50 ${lat(raw.setMs)} raw vs ${lat(chosen.setMs)}, GET p50 ${lat(raw.getMs)} raw vs ${lat(chosen.getMs)}`,
  }
}

const round2 = (v: number): number => Math.round(v * 100) / 100
