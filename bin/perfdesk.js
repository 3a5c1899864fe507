#!/usr/bin/env node
// The `perfdesk` command: plain Node running the CLI bundle that electron-vite builds.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'out', 'main', 'cli.js')

if (!existsSync(cli)) {
  const builder = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  if (!existsSync(builder)) {
    console.error(
      `perfdesk: ${cli} is missing and electron-vite is not installed to build it; run \`npm ci\` in ${root}.`,
    )
    process.exit(1)
  }
  console.error('perfdesk: first run, building (electron-vite build) …')
  // The build's output goes to stderr so that stdout stays the command's own (e.g. `export > file`).
  const r = spawnSync(process.execPath, [builder, 'build'], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
  })
  if (!existsSync(cli)) {
    console.error('perfdesk: the build failed (see above).')
    process.exit(1)
  }
  if (r.status !== 0)
    console.error('perfdesk: the build reported errors (see above); the CLI was built.')
}

const { main } = await import(pathToFileURL(cli).href)
const code = await main(process.argv.slice(2))
// Let stdout drain before exiting, so piped output is complete.
await new Promise((done) => process.stdout.write('', done))
process.exit(typeof code === 'number' ? code : 0)
