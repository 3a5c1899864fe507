import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import { freePort, startOwnRedis } from '../suites/redis/test-support'
import type { OwnRedis } from '../suites/redis/test-support'
import { testRedisTarget } from './redis'

describe('redis target: Test connection', () => {
  let own: OwnRedis
  beforeAll(async () => {
    own = await startOwnRedis([
      '--requirepass',
      's3cret',
      '--maxmemory',
      '10mb',
      '--maxmemory-policy',
      'allkeys-lru',
      '--databases',
      '4',
    ])
  })
  afterAll(async () => {
    await own.stop()
  })

  it('reports version, mode and maxmemory policy of the shared server', async () => {
    const direct = new Redis({ host: '127.0.0.1', port: 6379 })
    const info = await direct.info('server')
    const policy = (await direct.config('GET', 'maxmemory-policy')) as string[]
    direct.disconnect()
    const version = /redis_version:(\S+)/.exec(info)![1]
    const r = await testRedisTarget({ id: 'r', kind: 'redis', url: 'redis://127.0.0.1:6379' })
    expect(r.ok).toBe(true)
    expect(r.details.version).toBe(version)
    expect(r.details.mode).toBe('standalone')
    expect(r.details.maxmemoryPolicy).toBe(policy[1])
    expect(r.message).toContain(`Redis ${version} (standalone`)
    expect(r.latencyMs).toBeGreaterThan(0)
  })

  it('with the password: the policy and maxmemory the server was started with', async () => {
    const r = await testRedisTarget({ ...own.target, password: 's3cret' })
    expect(r.ok, r.message).toBe(true)
    expect(r.details.maxmemoryPolicy).toBe('allkeys-lru')
    expect(r.details.maxmemory).toBe('10 MB')
    expect(r.message).toMatch(/policy allkeys-lru/)
  })

  it('says what is wrong: no password, a wrong one, a missing db, a closed port', async () => {
    const none = await testRedisTarget(own.target)
    expect(none.ok).toBe(false)
    expect(none.message).toMatch(/needs a password — set "password" on the target/)
    const wrong = await testRedisTarget({ ...own.target, password: 'nope' })
    expect(wrong.ok).toBe(false)
    expect(wrong.message).toMatch(/refused the password/)
    const db = await testRedisTarget({ ...own.target, password: 's3cret', db: 9 })
    expect(db.ok).toBe(false)
    expect(db.message).toMatch(/db 9 does not exist/)
    const port = await freePort()
    const closed = await testRedisTarget({
      id: 'x',
      kind: 'redis',
      url: `redis://127.0.0.1:${port}`,
    })
    expect(closed.ok).toBe(false)
    expect(closed.message).toBe(
      `connection refused at redis://127.0.0.1:${port} — is Redis running on that port?`,
    )
  })
})
