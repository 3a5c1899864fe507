import type { Ratio } from './lib'

/** The Postgres section (to come with the fast Postgres generator). */
export async function benchPostgres(): Promise<Ratio[]> {
  console.log('\nPostgres: not measured yet')
  return []
}
