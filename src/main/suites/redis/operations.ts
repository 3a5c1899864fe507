import type { Redis } from 'ioredis'
import type { RedisOperation } from '@shared/index'
import type { Arg } from './resp'
import { bounded } from './run-control'

/**
 * What each operation sends, and what it needs before timing starts.
 *
 * `payloadBytes` is the value data one command carries, sent or returned: SET/HSET/LPUSH/SADD/ZADD
 * send a value of that size; GET returns one; MGET reads 10 keys of a tenth each; HGETALL a hash
 * of 8 fields of an eighth each; LRANGE/ZRANGE 10 elements of a tenth each. INCR carries none.
 *
 * Every key is born with the safety TTL (`keys.ttlSec`): SET … EX, or MULTI { create; PEXPIRE }
 * for the other types, so that a run that dies leaves nothing that lives for ever. Commands of
 * the timed loop that write (HSET, INCR, LPUSH, ZADD, SADD) only touch keys created that way
 * and keep their TTL; SET carries EX itself.
 */

export type { Arg }
export type Command = [name: string, args: Arg[]]

/** Per connection: its index (over all threads) and what it has written since its keys were last reset. */
export interface ClientState {
  index: number
  bytesSinceReset: number
}

export interface StepKeys {
  /** every key of the step starts with this */
  prefix: string
  payload: Buffer
  payloadBytes: number
  /** how many keys reads cycle through and writes overwrite */
  keyCount: number
  /** per connection: bytes a growing structure may reach before its keys are reset (untimed) */
  growBudget: number
  /** every key is written with this TTL (seconds): long enough for the run, gone soon after */
  ttlSec: number
}

export interface OperationImpl {
  /** untimed, once per payload size: the data reads need */
  populate?(client: Redis, keys: StepKeys, timeoutMs: number, signal: AbortSignal): Promise<void>
  /** the keys the timed loop writes into, created with the TTL before the step (untimed) */
  seedKeys?(keys: StepKeys, clients: number): string[]
  /** how one seeded key is created (its PEXPIRE follows in the same MULTI) */
  seed?(key: string, keys: StepKeys): Command
  /** the keys grow (lists, sets, sorted sets): reset per connection once `growBudget` is written */
  grows?: true
  /** del: the batch's keys are (re)written untimed just before each batch; ops/s counts timed time only */
  untimedSetup?: true
  /** the commands name keys of their own connection (ring of batches per connection) */
  perClient?: true
  /** this argument starts with a 10-digit counter that must differ per command (patched per batch) */
  uniqueArg?: number
  command(keys: StepKeys, state: ClientState, n: number): Command
}

const MGET_KEYS = 10
const HASH_FIELDS = 8
const LIST_LEN = 10
/** growing structures (lists, sets, sorted sets) get this many keys per connection */
export const GROW_KEYS = 8
/** del cycles through this many keys per connection; distinct within any batch (pipeline ≤ 1024) */
export const DEL_KEYS = 1024
/** digits of the counter that makes set and sorted-set members unique */
export const UNIQUE_DIGITS = 10

/** the seed's member: a counter value the timed loop does not reach, so every SADD/ZADD adds */
const SEED_MEMBER = 10 ** UNIQUE_DIGITS - 1

const part = (keys: StepKeys, parts: number): Buffer =>
  keys.payload.subarray(0, Math.max(1, Math.ceil(keys.payloadBytes / parts)))
const rkey = (keys: StepKeys, i: number): string => `${keys.prefix}r:${i % keys.keyCount}`
const wkey = (keys: StepKeys, i: number): string => `${keys.prefix}w:${i % keys.keyCount}`
const ckey = (keys: StepKeys, index: number, i: number): string =>
  `${keys.prefix}c${index}:${i % GROW_KEYS}`
const dkey = (keys: StepKeys, state: ClientState, i: number): string =>
  `${keys.prefix}d${state.index}:${i % DEL_KEYS}`

/** A member unique to n (a 10-digit counter and ':'), then payload bytes up to the size asked. */
export function uniqueMember(payload: Buffer, n: number, bytes: number): Buffer {
  const head = Buffer.from(`${String(n % 10 ** UNIQUE_DIGITS).padStart(UNIQUE_DIGITS, '0')}:`)
  return bytes <= head.length
    ? head
    : Buffer.concat([head, payload.subarray(0, bytes - head.length)])
}

/**
 * Writes `count` keys in MULTI blocks of 100, each key with its PEXPIRE in the same block, so
 * no key ever exists without its TTL. Each block is bounded in time.
 */
async function writeAll(
  client: Redis,
  count: number,
  build: (i: number) => Command,
  keyOf: (i: number) => string,
  keys: StepKeys,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const ttlMs = keys.ttlSec * 1000
  for (let start = 0; start < count; start += 100) {
    const m = client.multi()
    for (let i = start; i < Math.min(count, start + 100); i++) {
      const [name, args] = build(i)
      m.callBuffer(name, args)
      m.pexpire(keyOf(i), ttlMs)
    }
    const res = await bounded(m.exec(), timeoutMs, signal)
    const failed = res?.find(([err]) => err)
    if (failed?.[0]) throw failed[0]
  }
}

/**
 * Creates every key the step's timed loop writes into, afresh and with the TTL (untimed): in
 * MULTI blocks of { UNLINK; create; PEXPIRE } per key.
 */
export async function seedStep(
  client: Redis,
  op: OperationImpl,
  keys: StepKeys,
  clients: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  if (!op.seedKeys || !op.seed) return
  const names = op.seedKeys(keys, clients)
  const ttlMs = keys.ttlSec * 1000
  for (let start = 0; start < names.length; start += 100) {
    const m = client.multi()
    for (const key of names.slice(start, start + 100)) {
      const [name, args] = op.seed(key, keys)
      m.unlink(key)
      m.callBuffer(name, args)
      m.pexpire(key, ttlMs)
    }
    const res = await bounded(m.exec(), timeoutMs, signal)
    const failed = res?.find(([err]) => err)
    if (failed?.[0]) throw failed[0]
  }
}

/** One connection's growing keys, emptied and re-created with the TTL in one MULTI (untimed). */
export function resetCommands(op: OperationImpl, keys: StepKeys, state: ClientState): Command[] {
  const names = Array.from({ length: GROW_KEYS }, (_, i) => ckey(keys, state.index, i))
  const out: Command[] = [
    ['MULTI', []],
    ['UNLINK', names],
  ]
  for (const k of names) {
    if (op.seed) out.push(op.seed(k, keys))
    out.push(['PEXPIRE', [k, keys.ttlSec * 1000]])
  }
  out.push(['EXEC', []])
  return out
}

/** del: (re)creates the keys a batch deletes, each with the TTL (untimed, before the batch). */
export function prepareCommands(
  keys: StepKeys,
  state: ClientState,
  first: number,
  count: number,
): Command[] {
  const out: Command[] = []
  for (let n = first; n < first + count; n++)
    out.push(['SET', [dkey(keys, state, n), keys.payload, 'EX', keys.ttlSec]])
  return out
}

const growing = (
  seed: (key: string, keys: StepKeys) => Command,
  command: OperationImpl['command'],
  uniqueArg?: number,
): OperationImpl => ({
  grows: true,
  perClient: true,
  seedKeys: (_k, clients) =>
    Array.from({ length: clients * GROW_KEYS }, (_, i) =>
      ckey(_k, Math.floor(i / GROW_KEYS), i % GROW_KEYS),
    ),
  seed,
  command,
  ...(uniqueArg !== undefined ? { uniqueArg } : {}),
})

export const operations: Record<RedisOperation, OperationImpl> = {
  set: { command: (k, _s, n) => ['SET', [wkey(k, n), k.payload, 'EX', k.ttlSec]] },
  get: {
    populate: (c, k, t, sig) =>
      writeAll(
        c,
        k.keyCount,
        (i) => ['SET', [rkey(k, i), k.payload]],
        (i) => rkey(k, i),
        k,
        t,
        sig,
      ),
    command: (k, _s, n) => ['GET', [rkey(k, n)]],
  },
  mget: {
    populate: (c, k, t, sig) =>
      writeAll(
        c,
        k.keyCount,
        (i) => ['SET', [rkey(k, i), part(k, MGET_KEYS)]],
        (i) => rkey(k, i),
        k,
        t,
        sig,
      ),
    command: (k, _s, n) => [
      'MGET',
      Array.from({ length: MGET_KEYS }, (_, j) => rkey(k, n * MGET_KEYS + j)),
    ],
  },
  hset: {
    seedKeys: (k) => Array.from({ length: k.keyCount }, (_, i) => wkey(k, i)),
    seed: (key, k) => ['HSET', [key, 'f0', k.payload]],
    command: (k, _s, n) => ['HSET', [wkey(k, n), `f${n % HASH_FIELDS}`, k.payload]],
  },
  hgetall: {
    populate: (c, k, t, sig) =>
      writeAll(
        c,
        k.keyCount,
        (i) => {
          const v = part(k, HASH_FIELDS)
          const fields: Arg[] = [rkey(k, i)]
          for (let f = 0; f < HASH_FIELDS; f++) fields.push(`f${f}`, v)
          return ['HSET', fields]
        },
        (i) => rkey(k, i),
        k,
        t,
        sig,
      ),
    command: (k, _s, n) => ['HGETALL', [rkey(k, n)]],
  },
  incr: {
    seedKeys: (k) => Array.from({ length: k.keyCount }, (_, i) => wkey(k, i)),
    seed: (key) => ['SET', [key, '0']],
    command: (k, _s, n) => ['INCR', [wkey(k, n)]],
  },
  lpush: growing(
    (key, k) => ['LPUSH', [key, k.payload]],
    (k, s, n) => ['LPUSH', [ckey(k, s.index, n), k.payload]],
  ),
  lrange: {
    populate: (c, k, t, sig) =>
      writeAll(
        c,
        k.keyCount,
        (i) => [
          'RPUSH',
          [rkey(k, i), ...Array.from({ length: LIST_LEN }, () => part(k, LIST_LEN))],
        ],
        (i) => rkey(k, i),
        k,
        t,
        sig,
      ),
    command: (k, _s, n) => ['LRANGE', [rkey(k, n), 0, -1]],
  },
  zadd: growing(
    (key, k) => ['ZADD', [key, 0, uniqueMember(k.payload, SEED_MEMBER, k.payloadBytes)]],
    (k, s, n) => ['ZADD', [ckey(k, s.index, n), n, uniqueMember(k.payload, n, k.payloadBytes)]],
    2,
  ),
  zrange: {
    populate: (c, k, t, sig) =>
      writeAll(
        c,
        k.keyCount,
        (i) => {
          const args: Arg[] = [rkey(k, i)]
          const bytes = Math.max(1, Math.ceil(k.payloadBytes / LIST_LEN))
          for (let m = 0; m < LIST_LEN; m++) args.push(m, uniqueMember(k.payload, m, bytes))
          return ['ZADD', args]
        },
        (i) => rkey(k, i),
        k,
        t,
        sig,
      ),
    command: (k, _s, n) => ['ZRANGE', [rkey(k, n), 0, -1]],
  },
  sadd: growing(
    (key, k) => ['SADD', [key, uniqueMember(k.payload, SEED_MEMBER, k.payloadBytes)]],
    (k, s, n) => ['SADD', [ckey(k, s.index, n), uniqueMember(k.payload, n, k.payloadBytes)]],
    1,
  ),
  del: {
    untimedSetup: true,
    perClient: true,
    command: (k, s, n) => ['DEL', [dkey(k, s, n)]],
  },
}

/** How many distinct commands an operation cycles through (per connection when perClient). */
export function cycleOf(op: OperationImpl, keys: StepKeys): number {
  if (op.untimedSetup) return DEL_KEYS
  if (op.grows) return GROW_KEYS
  return keys.keyCount
}

/** Keys per step: enough to spread over, at most ~16 MB of values. */
export function keyCountFor(payloadBytes: number): number {
  return Math.max(
    MGET_KEYS,
    Math.min(1000, Math.floor((16 * 1024 * 1024) / Math.max(1, payloadBytes))),
  )
}
