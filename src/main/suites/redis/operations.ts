import type { ChainableCommander, Redis } from 'ioredis'
import type { RedisOperation } from '@shared/index'
import { bounded } from './run-control'

/**
 * What each operation sends, and what it needs before timing starts.
 *
 * `payloadBytes` is the value data one command carries, sent or returned: SET/HSET/LPUSH/SADD/ZADD
 * send a value of that size; GET returns one; MGET reads 10 keys of a tenth each; HGETALL a hash
 * of 8 fields of an eighth each; LRANGE/ZRANGE 10 elements of a tenth each. INCR carries none.
 */

export type Arg = string | Buffer | number
export type Command = [name: string, args: Arg[]]

/** Per connection: its index and what it has written since its keys were last reset. */
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
}

export interface OperationImpl {
  /** untimed, once per payload size: the data reads need */
  populate?(client: Redis, keys: StepKeys, timeoutMs: number, signal: AbortSignal): Promise<void>
  /** untimed, before each batch (del re-creates what it deletes; growing lists are reset) */
  prepare?(
    client: Redis,
    keys: StepKeys,
    state: ClientState,
    first: number,
    count: number,
  ): Promise<unknown> | null
  /** the prepare step is part of every batch: ops/s counts timed time only */
  untimedSetup?: boolean
  command(keys: StepKeys, state: ClientState, n: number): Command
}

const MGET_KEYS = 10
const HASH_FIELDS = 8
const LIST_LEN = 10
/** growing structures (lists, sets, sorted sets) get this many keys per connection */
const GROW_KEYS = 8

const part = (keys: StepKeys, parts: number): Buffer =>
  keys.payload.subarray(0, Math.max(1, Math.ceil(keys.payloadBytes / parts)))
const rkey = (keys: StepKeys, i: number): string => `${keys.prefix}r:${i % keys.keyCount}`
const wkey = (keys: StepKeys, i: number): string => `${keys.prefix}w:${i % keys.keyCount}`
const ckey = (keys: StepKeys, state: ClientState, i: number): string =>
  `${keys.prefix}c${state.index}:${i % GROW_KEYS}`
/** distinct within any batch (pipeline ≤ 1024) */
const dkey = (keys: StepKeys, state: ClientState, i: number): string =>
  `${keys.prefix}d${state.index}:${i % 1024}`

/** A member unique to n, of the payload's size. */
function uniqueMember(payload: Buffer, n: number, bytes: number): Buffer {
  const head = Buffer.from(`${n}:`)
  return bytes <= head.length
    ? head
    : Buffer.concat([head, payload.subarray(0, bytes - head.length)])
}

/** Writes `count` commands in pipelines of 100, each bounded in time. */
async function writeAll(
  client: Redis,
  count: number,
  build: (p: ChainableCommander, i: number) => void,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  for (let start = 0; start < count; start += 100) {
    const p = client.pipeline()
    for (let i = start; i < Math.min(count, start + 100); i++) build(p, i)
    const res = await bounded(p.exec(), timeoutMs, signal)
    const failed = res?.find(([err]) => err)
    if (failed?.[0]) throw failed[0]
  }
}

/** Resets a connection's growing keys once it has written its budget, so memory stays bounded. */
function resetGrowing(client: Redis, keys: StepKeys, state: ClientState): Promise<unknown> | null {
  if (state.bytesSinceReset < keys.growBudget) return null
  state.bytesSinceReset = 0
  const names = Array.from({ length: GROW_KEYS }, (_, i) => ckey(keys, state, i))
  return client.unlink(...names)
}

export const operations: Record<RedisOperation, OperationImpl> = {
  set: { command: (k, _s, n) => ['SET', [wkey(k, n), k.payload]] },
  get: {
    populate: (c, k, t, sig) =>
      writeAll(c, k.keyCount, (p, i) => p.set(rkey(k, i), k.payload), t, sig),
    command: (k, _s, n) => ['GET', [rkey(k, n)]],
  },
  mget: {
    populate: (c, k, t, sig) =>
      writeAll(c, k.keyCount, (p, i) => p.set(rkey(k, i), part(k, MGET_KEYS)), t, sig),
    command: (k, _s, n) => [
      'MGET',
      Array.from({ length: MGET_KEYS }, (_, j) => rkey(k, n * MGET_KEYS + j)),
    ],
  },
  hset: { command: (k, _s, n) => ['HSET', [wkey(k, n), `f${n % HASH_FIELDS}`, k.payload]] },
  hgetall: {
    populate: (c, k, t, sig) =>
      writeAll(
        c,
        k.keyCount,
        (p, i) => {
          const v = part(k, HASH_FIELDS)
          const fields: Arg[] = []
          for (let f = 0; f < HASH_FIELDS; f++) fields.push(`f${f}`, v)
          p.hset(rkey(k, i), ...(fields as [string, Buffer]))
        },
        t,
        sig,
      ),
    command: (k, _s, n) => ['HGETALL', [rkey(k, n)]],
  },
  incr: { command: (k, _s, n) => ['INCR', [wkey(k, n)]] },
  lpush: {
    prepare: (c, k, s) => resetGrowing(c, k, s),
    command: (k, s, n) => {
      s.bytesSinceReset += k.payloadBytes
      return ['LPUSH', [ckey(k, s, n), k.payload]]
    },
  },
  lrange: {
    populate: (c, k, t, sig) =>
      writeAll(
        c,
        k.keyCount,
        (p, i) => p.rpush(rkey(k, i), ...Array.from({ length: LIST_LEN }, () => part(k, LIST_LEN))),
        t,
        sig,
      ),
    command: (k, _s, n) => ['LRANGE', [rkey(k, n), 0, -1]],
  },
  zadd: {
    prepare: (c, k, s) => resetGrowing(c, k, s),
    command: (k, s, n) => {
      s.bytesSinceReset += k.payloadBytes
      return ['ZADD', [ckey(k, s, n), n, uniqueMember(k.payload, n, k.payloadBytes)]]
    },
  },
  zrange: {
    populate: (c, k, t, sig) =>
      writeAll(
        c,
        k.keyCount,
        (p, i) => {
          const args: Arg[] = []
          const bytes = Math.max(1, Math.ceil(k.payloadBytes / LIST_LEN))
          for (let m = 0; m < LIST_LEN; m++) args.push(m, uniqueMember(k.payload, m, bytes))
          p.zadd(rkey(k, i), ...(args as [number, Buffer]))
        },
        t,
        sig,
      ),
    command: (k, _s, n) => ['ZRANGE', [rkey(k, n), 0, -1]],
  },
  sadd: {
    prepare: (c, k, s) => resetGrowing(c, k, s),
    command: (k, s, n) => {
      s.bytesSinceReset += k.payloadBytes
      return ['SADD', [ckey(k, s, n), uniqueMember(k.payload, n, k.payloadBytes)]]
    },
  },
  del: {
    // each batch deletes keys that exist: they are (re)written untimed just before
    untimedSetup: true,
    prepare: (c, k, s, first, count) => {
      const p = c.pipeline()
      for (let n = first; n < first + count; n++) p.set(dkey(k, s, n), k.payload)
      return p.exec()
    },
    command: (k, s, n) => ['DEL', [dkey(k, s, n)]],
  },
}

/** Keys per step: enough to spread over, at most ~16 MB of values. */
export function keyCountFor(payloadBytes: number): number {
  return Math.max(
    MGET_KEYS,
    Math.min(1000, Math.floor((16 * 1024 * 1024) / Math.max(1, payloadBytes))),
  )
}
