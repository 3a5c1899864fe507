import { spawn, type ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { startMonitor } from './monitor'
import { parseTcpTable, tcpConnections } from './procfs'

// A real child process whose sockets the test sets: one listener, five connections to itself,
// three of them closed by the server side first (so they sit in TIME_WAIT on its port).
const script = `
const net = require('node:net')
const accepted = []
const srv = net.createServer((s) => { accepted.push(s); s.on('error', () => {}) })
srv.listen(0, '127.0.0.1', () => {
  const port = srv.address().port
  const clients = []
  for (let i = 0; i < 5; i++) { const c = net.connect(port, '127.0.0.1'); c.on('error', () => {}); clients.push(c) }
  const wait = setInterval(() => {
    if (accepted.length < 5) return
    clearInterval(wait)
    for (const s of accepted.slice(0, 3)) s.end()
    setTimeout(() => process.stdout.write('ready ' + port + '\\n'), 300)
  }, 20)
})
setInterval(() => {}, 1000)
`

const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
})

function startChild(): Promise<{ pid: number; port: number }> {
  const c = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  children.push(c)
  return new Promise((resolve, reject) => {
    c.stdout!.on('data', (b: Buffer) => {
      const m = /ready (\d+)/.exec(b.toString())
      if (m) resolve({ pid: c.pid!, port: Number(m[1]) })
    })
    c.on('exit', () => reject(new Error('child exited')))
  })
}

describe.runIf(process.platform === 'linux')('TCP connections of a monitored process', () => {
  it('counts established, listening and time-wait sockets of the process', async () => {
    const { pid } = await startChild()
    const counts = await tcpConnections(pid)
    // both ends of the two open pairs live in the child
    expect(counts).toEqual({ established: 4, listening: 1, timeWait: 3 })
  })

  it('puts the counts in the samples and the summary', async () => {
    const { pid } = await startChild()
    const m = await startMonitor({ target: { id: 'srv', kind: 'process', pid }, intervalMs: 200 })
    await new Promise((r) => setTimeout(r, 700))
    const r = await m.stop()
    const last = r.samples[r.samples.length - 1]!
    expect(last.tcpEstablished).toBe(4)
    expect(last.tcpListening).toBe(1)
    expect(last.tcpTimeWait).toBe(3)
    expect(r.summary.tcpEstablishedMax).toBe(4)
    expect(r.summary.tcpTimeWaitMax).toBe(3)
    expect(r.summary.tcpListening).toBe(1)
  })

  it('parses the kernel table, port in hex', () => {
    const text =
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0 100 0 0 10 0\n'
    expect(parseTcpTable(text)).toEqual([{ state: '0A', localPort: 8080, inode: '12345' }])
  })
})
