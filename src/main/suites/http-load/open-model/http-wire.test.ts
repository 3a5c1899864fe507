import { describe, expect, it } from 'vitest'
import { encodeRequests, ResponseParser, type ParsedResponse } from './http-wire'

function parse(chunks: string[], head = false): ParsedResponse[] {
  const out: ParsedResponse[] = []
  const p = new ResponseParser((status, close) => out.push({ status, close }))
  p.expectNoBody = head
  for (const c of chunks) p.feed(Buffer.from(c, 'latin1'))
  p.end()
  return out
}

describe('ResponseParser', () => {
  const ok = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello'

  it('parses responses split at every byte boundary', () => {
    const two = ok + 'HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n'
    for (let cut = 1; cut < two.length; cut++) {
      const r = parse([two.slice(0, cut), two.slice(cut)])
      expect(r.map((x) => x.status)).toEqual([200, 404])
    }
  })

  it('reads chunked bodies with extensions and trailers', () => {
    const res =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n' +
      'HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok'
    for (let cut = 1; cut < res.length; cut += 3) {
      expect(parse([res.slice(0, cut), res.slice(cut)]).map((x) => x.status)).toEqual([200, 201])
    }
  })

  it('knows bodiless answers: HEAD, 204, 304, and skips 100 Continue', () => {
    expect(parse(['HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n'], true)).toEqual([
      { status: 200, close: false },
    ])
    expect(
      parse([
        'HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n',
      ]).map((r) => r.status),
    ).toEqual([204, 304])
    expect(parse(['HTTP/1.1 100 Continue\r\n\r\n' + ok]).map((r) => r.status)).toEqual([200])
  })

  it('reads a body delimited by the close, and notes Connection: close and HTTP/1.0', () => {
    expect(parse(['HTTP/1.1 200 OK\r\n\r\nsome', ' body'])).toEqual([{ status: 200, close: true }])
    expect(parse(['HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'])).toEqual([
      { status: 200, close: true },
    ])
    expect(parse(['HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n'])).toEqual([
      { status: 200, close: true },
    ])
  })

  it('keeps head and body only when asked, copied out of a reused read buffer', () => {
    const res =
      'HTTP/1.1 200 OK\r\nX-Session: s1\r\nContent-Length: 11\r\n\r\n{"token":1}' +
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n' +
      'HTTP/1.1 500 Oops\r\n\r\nuntil close'
    for (let cut = 1; cut < res.length; cut += 2) {
      const seen: [number, string | null, string | null][] = []
      const p = new ResponseParser((status) =>
        seen.push([status, p.lastHead, p.lastBody?.toString('latin1') ?? null]),
      )
      p.capture = true
      const reused = Buffer.alloc(res.length)
      for (const part of [res.slice(0, cut), res.slice(cut)]) {
        const n = reused.write(part, 'latin1')
        p.feed(reused, n)
        reused.fill(0x7e) // the caller reuses its buffer: kept bytes must be copies
      }
      p.end()
      expect(seen.map(([s, , b]) => [s, b])).toEqual([
        [200, '{"token":1}'],
        [200, 'abcde'],
        [500, 'until close'],
      ])
      expect(seen[0]![1]).toBe('HTTP/1.1 200 OK\r\nX-Session: s1\r\nContent-Length: 11')
    }
    const off = new ResponseParser(() => {})
    off.feed(Buffer.from(ok))
    expect(off.lastBody).toBeNull()
  })

  it('rejects what is not HTTP', () => {
    expect(() => parse(['SSH-2.0-OpenSSH_9.2\r\n\r\n'])).toThrow(/not an HTTP/)
  })
})

describe('encodeRequests', () => {
  it('writes the request line, Host, headers and a body with its length', () => {
    const [get, post] = encodeRequests('http://127.0.0.1:8080', [
      { method: 'GET', path: '/v1/items?x=1', headers: { Authorization: 'Bearer t' } },
      {
        method: 'POST',
        path: '/v1/items',
        headers: { 'Content-Type': 'application/json' },
        body: '{"a":"é"}',
      },
    ])
    expect(get?.bytes.toString('latin1')).toBe(
      'GET /v1/items?x=1 HTTP/1.1\r\nhost: 127.0.0.1:8080\r\nuser-agent: perfdesk\r\nauthorization: Bearer t\r\n\r\n',
    )
    const text = post?.bytes.toString('utf8') ?? ''
    expect(text).toContain('content-length: 10\r\n')
    expect(text.endsWith('\r\n\r\n{"a":"é"}')).toBe(true)
  })

  it('names the field of a header that would break the request', () => {
    expect(() =>
      encodeRequests('http://h', [
        { method: 'GET', path: '/', headers: { 'X-A': 'x\r\nInjected: 1' } },
      ]),
    ).toThrow(/requests\[0\]\.headers\.X-A: a header value cannot contain line breaks/)
  })
})
