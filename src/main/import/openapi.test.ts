import { describe, expect, it } from 'vitest'
import { importFixture } from './fixture'
import { importRequests } from './index'

describe('OpenAPI 3 import', () => {
  it('YAML: one request per operation, parameters and bodies from examples, schema and enums', () => {
    const r = importRequests(importFixture('petstore.openapi.yaml'), 'petstore.yaml')
    expect(r.format).toBe('openapi')
    // servers[0].url with its variable at the default; its /v2 prefix is the base URL's, not the paths'
    expect(r.baseUrl).toBe('https://eu.petstore.example.com/v2')
    expect(r.requests.map((q) => `${q.name} ${q.method} ${q.path}`)).toEqual([
      'listPets GET /pets?limit=20&status=available',
      'createPet POST /pets',
      'getPet GET /pets/7',
      'Replace a pet PUT /pets/7',
      'deletePet DELETE /pets/7',
      'listOwnerPets GET /owners/00000000-0000-4000-8000-000000000000/pets?since=2024-01-01',
      'uploadPhoto POST /uploads',
    ])
    const byName = Object.fromEntries(r.requests.map((q) => [q.name, q]))
    // required properties only, through $refs, a recursive schema stopping
    expect(JSON.parse(byName.createPet!.body!)).toEqual({
      name: 'Fido',
      category: { id: 1, kind: 'dog' },
    })
    expect(byName.createPet!.headers).toEqual({ 'Content-Type': 'application/json' })
    expect(JSON.parse(byName['Replace a pet']!.body!)).toEqual({ name: 'Rex', tag: 'dog', age: 3 })
    expect(byName.deletePet!.headers).toEqual({ 'X-Request-Reason': 'cleanup' })
    expect(byName.uploadPhoto!.body).toBeUndefined()
    expect(r.notes.join('\n')).toContain('neither JSON nor a form')
    expect(r.notes.join('\n')).toContain('security schemes')
  })

  it('JSON 3.1: a relative server path prefixes the paths; a form body; a credential header parameter', () => {
    const r = importRequests(importFixture('inventory.openapi.json'), 'inventory.json')
    expect(r.baseUrl).toBeNull()
    expect(r.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      'GET /api/v1/items?q=running+shoes',
      'POST /api/v1/items',
      'PATCH /api/v1/items/SKU%209/stock',
    ])
    expect(r.requests[1]!.body).toBe('sku=SKU-1&count=5')
    expect(r.requests[2]!.body).toBe('{"delta":-2,"reason":"sold"}')
    expect(r.requests[0]!.headers).toBeUndefined()
    expect(r.secrets).toEqual([{ name: 'X-Api-Key', value: 'inv-key-123456', requests: 1 }])
    // with a base URL its path prefix comes off
    const local = importRequests(importFixture('inventory.openapi.json'), 'inventory.json', {
      baseUrl: 'http://127.0.0.1:8080/api/v1',
    })
    expect(local.baseUrl).toBe('http://127.0.0.1:8080/api/v1')
    expect(local.requests[0]!.path).toBe('/items?q=running+shoes')
  })

  it('refuses Swagger 2 and OpenAPI without paths, naming the file', () => {
    expect(() => importRequests('swagger: "2.0"\npaths: {}\n', 'old.yaml')).toThrow(
      /old\.yaml: Swagger 2\.0 is not supported; convert it to OpenAPI 3/,
    )
    expect(() => importRequests('{"openapi": "3.0.0"}', 'bare.json')).toThrow(
      /bare\.json: an OpenAPI document needs "paths"/,
    )
  })
})
