import { Engine } from '../../engine'
import { dirname, join } from 'node:path'
import { FileSecretBox, keyFileCipher } from '../../secrets'
import { startServe } from '../../serve'
import { PERFDESK_VERSION } from '../../version'
import { parse, UsageError } from '../args'
import { openCliHistory } from '../history'
import { startupSweep } from '../../suites/redis/sweep'
import { EXIT, type Io } from '../io'

const USAGE = 'perfdesk serve [--port N] [--db FILE]'

/** The app's UI in a browser on this machine, over a WebSocket to the same engine. */
export async function serveCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { port: { type: 'string' }, db: { type: 'string' } }, USAGE)
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port must be a port number (0 picks a free one)')
  const history = openCliHistory(values.db, io)
  // No desktop keychain here: secrets typed into the browser UI are kept encrypted beside the
  // history (the user-data folder by default), so they survive a restart of serve.
  const folder = dirname(history.path)
  const secrets = new FileSecretBox({
    path: join(folder, 'serve-secrets.json'),
    cipher: keyFileCipher(join(folder, 'serve-secrets.key')),
    storage: 'encryptedFile',
    warn: (m) => io.stderr(`perfdesk: ${m}\n`),
  })
  const engine = new Engine({
    store: history.store,
    runtime: 'serve',
    secrets: (ref) => secrets.get(ref),
  })
  void startupSweep(history.store, {
    secrets: (ref) => secrets.get(ref),
    log: (m) => io.stderr(`perfdesk: ${m}\n`),
  })
  const handle = await startServe({
    port,
    store: history.store,
    engine,
    secrets,
    version: PERFDESK_VERSION,
  })
  io.stdout(
    `PerfDesk is serving on 127.0.0.1 only. Open:\n\n  ${handle.url}\n\nhistory: ${history.path}\n` +
      `secrets: encrypted in ${join(folder, 'serve-secrets.json')} (key file beside it, 0600)\nCtrl-C to stop.\n`,
  )
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  io.stderr('perfdesk: stopping…\n')
  for (const runId of engine.activeRuns()) engine.cancel(runId)
  await handle.close()
  history.store.close()
  return EXIT.ok
}
