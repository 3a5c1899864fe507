import type { Ratio } from './lib'

/** The Redis section (to come with the fast Redis generator). */
export async function benchRedis(): Promise<Ratio[]> {
  console.log('\nRedis: not measured yet')
  return []
}
