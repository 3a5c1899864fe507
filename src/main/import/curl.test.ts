import { describe, expect, it } from 'vitest'
import { importFixture } from './fixture'
import { importRequests } from './index'
import { shellWords } from './shell-words'

describe('curl import', () => {
  const r = importRequests(importFixture('api.curl.sh'), 'api.curl.sh')

  it('reads every command of the file, continuations and quoting included', () => {
    expect(r.format).toBe('curl')
    expect(r.baseUrl).toBe('https://api.example.com')
    expect(r.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      'GET /v1/users?active=true',
      'POST /v1/users',
      'GET /v1/search?q=grace%20hopper&limit=5',
      'PATCH /v1/users/17',
      'DELETE /v1/users/17?reason=test',
      'HEAD /v1/health',
    ])
    expect(r.requests[1]).toMatchObject({
      body: '{"name":"Ada Lovelace","email":"ada@example.com"}',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    })
    expect(r.requests[3]!.body).toBe('{"bio":"it\'s a\\nnew line"}')
  })

  it('-u, Authorization and X-Api-Key become credentials (Basic base64 of user:password)', () => {
    const auth = r.secrets.find((s) => s.name === 'Authorization')!
    expect(auth.requests).toBe(2)
    expect(r.secrets.find((s) => s.name === 'X-Api-Key')!.value).toBe('k_123456789')
    const basic = importRequests('curl -u admin:hunter2hunter2 http://h/x', 'one.sh').secrets[0]!
    expect(basic.value).toBe(`Basic ${Buffer.from('admin:hunter2hunter2').toString('base64')}`)
    expect(JSON.stringify(r.requests)).not.toMatch(/hunter2|tok_live|k_123456789/)
  })

  it('-d sends a form POST by default; -X wins', () => {
    const one = importRequests("curl http://h/x -d 'a=1' -d b=2", 'f.sh').requests[0]!
    expect(one).toMatchObject({
      method: 'POST',
      body: 'a=1&b=2',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(importRequests('curl -X PUT http://h/x -d z', 'f.sh').requests[0]!.method).toBe('PUT')
  })

  it('splits shell words as bash does', () => {
    expect(shellWords(`curl 'a b' "c \\"d\\"" e\\ f $'g\\th' x"y"'z'`, 'w')).toEqual([
      'curl',
      'a b',
      'c "d"',
      'e f',
      'g\th',
      'xyz',
    ])
    expect(() => importRequests("curl 'http://h/x", 'bad.sh')).toThrow(
      /bad\.sh:1: a single quote is not closed/,
    )
    expect(() => importRequests('curl -s', 'nourl.sh')).toThrow(
      /nourl\.sh:1: the curl command has no URL/,
    )
  })
})
