/**
 * Shared harness of the memcached tests: a raw socket client that checks replies byte for
 * byte, a 2-peer in-process ring with memcached ports, and a real memcached (Debian's package)
 * on a free loopback port, installed with apt-get when missing and we are root.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer, connect, type Socket } from 'node:net'
import { createPeer, type Peer, type PeerOptions } from '../../node/daemon.ts'

export type TargetName = 'ring' | 'memcached'

export interface Target {
  readonly name: TargetName
  readonly host: string
  readonly port: number
  stop (): Promise<void>
}

/** A socket that collects everything it reads, for exact comparisons of replies. */
export class RawClient {
  private readonly socket: Socket
  private buffered: Buffer = Buffer.alloc(0)
  private ended = false
  private waiter: (() => void) | undefined

  private constructor (socket: Socket) {
    this.socket = socket
    socket.on('data', chunk => {
      this.buffered = Buffer.concat([this.buffered, chunk])
      this.waiter?.()
    })
    socket.on('close', () => {
      this.ended = true
      this.waiter?.()
    })
    socket.on('error', () => {})
  }

  static async connect (host: string, port: number): Promise<RawClient> {
    const socket = connect({ host, port, noDelay: true })
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('error', reject)
    })
    return new RawClient(socket)
  }

  write (data: string | Uint8Array): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data)
  }

  /** Waits until `done(buffered)` or the socket closed or the deadline passed. */
  private async waitFor (done: (b: Buffer) => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!done(this.buffered) && !this.ended && Date.now() < deadline) {
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()))
        this.waiter = () => { clearTimeout(timer); resolve() }
      })
      this.waiter = undefined
    }
  }

  /** Reads exactly `n` bytes (fewer if the socket closed or the deadline passed). */
  async read (n: number, timeoutMs = 5000): Promise<Buffer> {
    await this.waitFor(b => b.length >= n, timeoutMs)
    const out = this.buffered.subarray(0, n)
    this.buffered = this.buffered.subarray(out.length)
    return out
  }

  /** Reads up to and including the first `terminator` (everything there is if it never comes). */
  async readUntil (terminator: string, timeoutMs = 5000): Promise<Buffer> {
    const t = Buffer.from(terminator, 'latin1')
    await this.waitFor(b => b.indexOf(t) !== -1, timeoutMs)
    const at = this.buffered.indexOf(t)
    const end = at === -1 ? this.buffered.length : at + t.length
    const out = this.buffered.subarray(0, end)
    this.buffered = this.buffered.subarray(end)
    return out
  }

  /** Sends and reads as many bytes as `expected` has; returns them as latin1 for t.equal. */
  async exchange (send: string | Uint8Array, expected: string | Uint8Array, timeoutMs = 5000): Promise<string> {
    this.write(send)
    const n = typeof expected === 'string' ? Buffer.byteLength(expected, 'latin1') : expected.length
    return (await this.read(n, timeoutMs)).toString('latin1')
  }

  /** True when the server closed the connection within the deadline. */
  async closedByServer (timeoutMs = 3000): Promise<boolean> {
    await this.waitFor(() => false, timeoutMs)
    return this.ended
  }

  /** Bytes received and not read yet. */
  get pending (): number {
    return this.buffered.length
  }

  close (): void {
    this.socket.destroy()
  }
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>(resolve => server.close(() => { resolve() }))
  return port
}

const FAST: PeerOptions = {
  vnodes: 4,
  stabilizeIntervalMs: 100,
  fixFingersIntervalMs: 100,
  checkPredecessorIntervalMs: 150,
  rpcTimeoutMs: 2000,
  antiEntropyIntervalMs: 500,
  httpPort: null
}

/** `n` in-process peers with memcached ports, r = `replicas`, once every vnode has its replica set. */
export async function startRing (n: number, replicas: number): Promise<Peer[]> {
  const options = { ...FAST, replicas, memcachedPort: 0 }
  const peers: Peer[] = [await createPeer(options)]
  for (let i = 1; i < n; i++) peers.push(await createPeer({ ...options, bootstrap: [peers[0].multiaddrs[0]] }))
  const want = Math.min(replicas, n) - 1
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline && !peers.every(p => p.chord.vnodes.every(v => v.member && p.kv.replicaPeers(v).length >= want))) {
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  return peers
}

/** The memcached port of peer 0 of an `n`-peer ring (default: 2 peers, r = 2: keys live on either peer). */
export async function startRingTarget (n = 2, replicas = 2): Promise<Target & { readonly peers: Peer[] }> {
  const peers = await startRing(n, replicas)
  const port = peers[0].memcached!
  return {
    name: 'ring',
    host: port.host,
    port: port.port,
    peers,
    async stop () { await Promise.all(peers.map(async p => { await p.kill() })) }
  }
}

/** The memcached binary, installing Debian's package when it is missing and we may; or why not. */
export function findMemcached (): { path: string } | { skip: string } {
  const which = (): string | undefined => {
    const r = spawnSync('sh', ['-c', 'command -v memcached'], { encoding: 'utf8' })
    return r.status === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : undefined
  }
  let path = which()
  if (path !== undefined) return { path }
  if (process.getuid?.() !== 0) return { skip: 'memcached is not installed and we are not root to apt-get install it (apt-get install memcached)' }
  const install = spawnSync('sh', ['-c', 'apt-get install -y memcached >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y memcached >/dev/null 2>&1)'], { stdio: 'ignore', timeout: 240_000 })
  path = which()
  if (path !== undefined) return { path }
  return { skip: `memcached is not installed and apt-get install memcached failed (exit ${install.status})` }
}

/** A real memcached on a free loopback port (-t threads, 64 MiB, no UDP). */
export async function startMemcachedTarget (path: string, threads = 1): Promise<Target & { readonly process: ChildProcess }> {
  const port = await freePort()
  const args = ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-t', String(threads), '-m', '64', '-c', '1024']
  if (process.getuid?.() === 0) args.push('-u', 'root')
  const child = spawn(path, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', chunk => { stderr += String(chunk) })
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      const c = await RawClient.connect('127.0.0.1', port)
      c.close()
      break
    } catch (err) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL')
        throw new Error(`memcached did not start on port ${port}: ${(err as Error).message} ${stderr}`)
      }
      await new Promise(resolve => setTimeout(resolve, 20))
    }
  }
  const exited = new Promise<void>(resolve => child.once('exit', () => { resolve() }))
  return {
    name: 'memcached',
    host: '127.0.0.1',
    port,
    process: child,
    async stop () {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    }
  }
}
