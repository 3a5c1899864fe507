import { describe, expect, it } from 'vitest'
import { compileTemplate, render, escapePath, escapeHeader, variablesOf } from './template'
import { parseJsonPath, valueAt } from './jsonpath'
import { parseCsv, parseJsonLines, rebaseDataFiles } from './data'
import { WeightedPicker } from './picker'
import { ResponseRules, headerValue } from './checks'

describe('templates', () => {
  it('compiles once into literals and slots, and renders variables and built-ins', () => {
    const t = compileTemplate('/items/{{id}}?n={{seq}}&r={{randomInt 3 3}}')
    expect(t.literals).toEqual(['/items/', '?n=', '&r=', ''])
    expect(variablesOf(t)).toEqual(['id'])
    expect(render(t, { vars: { id: '42' }, seq: 7 })).toBe('/items/42?n=7&r=3')
    expect(render(compileTemplate('{{uuid}}'), { vars: {}, seq: 0 })).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    const now = Number(render(compileTemplate('{{now}}'), { vars: {}, seq: 0 }))
    expect(Math.abs(now - Date.now())).toBeLessThan(1000)
    expect(compileTemplate('/plain').slots).toHaveLength(0)
  })

  it('keeps values from breaking the request line or a header', () => {
    expect(escapePath('a b/é')).toBe('a%20b/%C3%A9')
    expect(escapeHeader('x\r\nSet-Cookie: y')).toBe('xSet-Cookie: y')
  })

  it('refuses a bad template with the fix', () => {
    expect(() => compileTemplate('/{{id')).toThrow(/without a closing/)
    expect(() => compileTemplate('/{{randomInt 5 1}}')).toThrow(/lowest first/)
    expect(() => compileTemplate('/{{a b}}')).toThrow(/variable name/)
  })
})

describe('JSONPath subset', () => {
  const doc = { a: { b: [{ c: 1 }, { 'x-y': 'z' }] }, n: null }
  it('reads dotted names, indexes and quoted names', () => {
    expect(valueAt(doc, parseJsonPath('$.a.b[0].c'))).toBe(1)
    expect(valueAt(doc, parseJsonPath("$.a.b[1]['x-y']"))).toBe('z')
    expect(valueAt(doc, parseJsonPath('$["n"]'))).toBeNull()
    expect(valueAt(doc, parseJsonPath('$.a.missing.c'))).toBeUndefined()
    expect(valueAt(doc, parseJsonPath('$.a.b[5]'))).toBeUndefined()
  })
  it('names the character where a path goes wrong', () => {
    expect(() => parseJsonPath('$.a[x]')).toThrow(/character 4/)
  })
})

describe('data files', () => {
  it('parses CSV with quoted fields, escaped quotes, line breaks and CRLF', () => {
    const t = parseCsv('id,name\r\n1,"Smith, J"\r\n2,"say ""hi"""\n3,"two\nlines"\n')
    expect(t.columns).toEqual(['id', 'name'])
    expect(t.rows).toEqual([
      { id: '1', name: 'Smith, J' },
      { id: '2', name: 'say "hi"' },
      { id: '3', name: 'two\nlines' },
    ])
  })
  it('refuses a ragged or unclosed CSV, naming where', () => {
    expect(() => parseCsv('a,b\n1\n')).toThrow(/record 2: 1 fields where the header has 2/)
    expect(() => parseCsv('a\n"open\n')).toThrow(/line 2: a quoted field is never closed/)
  })
  it('parses JSON lines into string columns', () => {
    const t = parseJsonLines('{"id":1,"tag":"a"}\n\n{"id":2,"tag":{"x":1}}\n')
    expect(t.rows).toEqual([
      { id: '1', tag: 'a' },
      { id: '2', tag: '{"x":1}' },
    ])
    expect(() => parseJsonLines('[1]')).toThrow(/line 1: each line must be a JSON object/)
  })
  it('makes a plan file’s relative data paths absolute from its folder', () => {
    const plan = {
      suites: [
        { kind: 'http-load', data: { file: 'ids.csv' } },
        { kind: 'http-load', data: { file: '/abs/x.csv' } },
      ],
    }
    rebaseDataFiles(plan, '/plans')
    expect(plan.suites.map((s) => s.data.file)).toEqual(['/plans/ids.csv', '/abs/x.csv'])
  })
})

describe('weighted picker', () => {
  it('follows the weights within one pick at any point', () => {
    const p = new WeightedPicker([1, 2, 3])
    const counts = [0, 0, 0]
    for (let n = 1; n <= 600; n++) {
      counts[p.next()]!++
      for (const [i, w] of [1, 2, 3].entries()) {
        expect(Math.abs(counts[i]! - (n * w) / 6)).toBeLessThanOrEqual(1)
      }
    }
    expect(counts).toEqual([100, 200, 300])
  })
})

describe('checks and extracts', () => {
  const answer = (body: string, status = 200, latencyMs = 5) => ({
    status,
    latencyMs,
    body: Buffer.from(body),
    head: 'HTTP/1.1 200 OK\r\nX-Session: abc\r\nContent-Type: application/json',
  })
  it('counts each failed check, reading the body only when a rule needs it', () => {
    const statusOnly = new ResponseRules([{ status: [200] }, { maxMs: 10 }])
    expect(statusOnly.needsBody).toBe(false)
    expect(statusOnly.apply({ ...answer(''), body: null }, null)).toBe(0)
    expect(statusOnly.apply({ ...answer('', 500, 20), body: null }, null)).toBe(2)
    const body = new ResponseRules([
      { bodyContains: '"ok":true' },
      { jsonPath: '$.items[0].id', equals: 7 },
      { jsonPath: '$.missing', exists: false },
    ])
    expect(body.needsBody).toBe(true)
    expect(body.apply(answer('{"ok":true,"items":[{"id":7}]}'), null)).toBe(0)
    expect(body.apply(answer('{"ok":false}'), null)).toBe(2)
    expect(body.apply(answer('not json'), null)).toBe(2)
  })
  it('extracts from the JSON body, a header and a regex', () => {
    const rules = new ResponseRules([], {
      token: { json: '$.token' },
      session: { header: 'x-session' },
      code: { regex: 'code=(\\d+)' },
    })
    expect(rules.needsHead && rules.needsBody).toBe(true)
    const vars: Record<string, string> = {}
    rules.apply(answer('{"token":"t1","note":"code=99"}'), vars)
    expect(vars).toEqual({ token: 't1', session: 'abc', code: '99' })
    expect(headerValue('HTTP/1.1 200 OK\r\nA: 1', 'b')).toBeUndefined()
  })
})
