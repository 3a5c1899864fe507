import { describe, expect, it } from 'vitest'
import { importFixture } from './fixture'
import { importRequests } from './index'

describe('Postman collection v2.1 import', () => {
  const r = importRequests(importFixture('orders.postman_collection.json'), 'orders.json')

  it('flattens folders into "Folder / Name" and takes the base URL variable as the base URL', () => {
    expect(r.format).toBe('postman')
    expect(r.baseUrl).toBe('https://orders.example.com/api')
    expect(r.requests.map((q) => `${q.name}: ${q.method} ${q.path}`)).toEqual([
      'Orders / List orders: GET /orders?status=open&limit=25',
      'Orders / Get order: GET /orders/{{orderId}}',
      'Orders / Lines / Add line: POST /orders/{{orderId}}/lines',
      'Health: GET /health',
    ])
  })

  it('substitutes variables with values, keeps the others as {{var}}, and says which', () => {
    const add = r.requests[2]!
    expect(add.headers).toEqual({ 'X-Tenant': 'acme', 'Content-Type': 'application/json' })
    expect(add.body).toContain('"sku": "{{sku}}"')
    expect(r.notes.join('\n')).toContain('{{orderId}}, {{sku}}')
  })

  it('the collection bearer auth becomes a credential, not a header in the plan', () => {
    expect(r.secrets).toEqual([
      { name: 'Authorization', value: 'Bearer pm-access-token-0123456789', requests: 4 },
    ])
    expect(JSON.stringify(r.requests)).not.toContain('pm-access-token')
  })

  it('drops the other origin (the token endpoint); keeps it, urlencoded body and all, on request', () => {
    expect(r.dropped).toEqual([{ reason: 'other origins', count: 1 }])
    const all = importRequests(importFixture('orders.postman_collection.json'), 'orders.json', {
      allOrigins: true,
    })
    const login = all.requests.find((q) => q.name === 'Log in')!
    expect(login.path).toBe('/oauth/token')
    expect(login.body).toBe('username=demo&grant_type=password')
    expect(login.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' })
  })
})
