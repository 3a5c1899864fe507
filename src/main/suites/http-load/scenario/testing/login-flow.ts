/**
 * The flow the routed server's tokens test: log in (extract the token), then two steps that
 * send it. `thinkMs` gives each step's pause after its answer (login, orders); 0 = none.
 */
export function loginFlow(thinkMs: [number, number] = [0, 0]): Record<string, unknown>[] {
  const pause = (ms: number): { thinkMs?: number } => (ms > 0 ? { thinkMs: ms } : {})
  return [
    {
      name: 'login',
      method: 'POST',
      path: '/login',
      body: '{"user":"u{{seq}}"}',
      extract: { token: { json: '$.token' } },
      checks: [{ jsonPath: '$.token', exists: true }],
      ...pause(thinkMs[0]),
    },
    {
      name: 'orders',
      path: '/orders',
      headers: { Authorization: 'Bearer {{token}}' },
      checks: [{ status: [200] }],
      ...pause(thinkMs[1]),
    },
    {
      name: 'orders again',
      path: '/orders?page=2',
      headers: { Authorization: 'Bearer {{token}}' },
    },
  ]
}
