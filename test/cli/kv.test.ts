/**
 * `chordkv get|set|del|cas|incr` as a user runs them: separate processes against a testnet
 * described by its descriptor file. Exit codes: 0 ok, 1 not found or failed, 2 usage.
 */
import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startTestnet, type Testnet } from '../../testnet/index.ts'
import type { Command } from '../../cli/command.ts'
import { cas } from '../../cli/commands/cas.ts'
import { del } from '../../cli/commands/del.ts'
import { get } from '../../cli/commands/get.ts'
import { incr } from '../../cli/commands/incr.ts'
import { set } from '../../cli/commands/set.ts'
import { closedPort } from '../utils/net.ts'

const CLI = fileURLToPath(new URL('../../cli/chordkv.js', import.meta.url))

interface Result { code: number | null, stdout: Buffer, stderr: string }

function chordkv (args: string[], stdin?: Uint8Array): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    let stderr = ''
    child.stdout!.on('data', chunk => { out.push(chunk as Buffer) })
    child.stderr!.on('data', chunk => { stderr += String(chunk) })
    child.on('error', reject)
    child.on('close', code => { resolve({ code, stdout: Buffer.concat(out), stderr }) })
    if (stdin !== undefined) child.stdin!.end(stdin)
  })
}

let testnet: Testnet
let dir: string
let descriptor: string
/** `--testnet FILE`, the way most commands below find the ring. */
let ring: string[]

t.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chordkv-cli-kv-'))
  descriptor = join(dir, 'testnet.json')
  testnet = await startTestnet({ peers: 3, vnodes: 4, stabilizeIntervalMs: 100, out: descriptor, childStderr: 'ignore' })
  ring = ['--testnet', descriptor]
})

t.teardown(async () => {
  await testnet?.stop()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

t.test('set then get: OK, then the value raw on stdout; exit 0', async t => {
  const set = await chordkv(['set', 'greeting', 'hello world', ...ring])
  t.equal(set.code, 0, set.stderr)
  t.equal(set.stdout.toString(), 'OK\n')
  const get = await chordkv(['get', 'greeting', ...ring])
  t.equal(get.code, 0, get.stderr)
  t.equal(get.stdout.toString(), 'hello world', 'no newline added')
  t.equal(get.stderr, '')
})

t.test('set without VALUE stores stdin byte for byte; get gives the same bytes back', async t => {
  const bytes = new Uint8Array(4096).map((_, i) => (i * 7) & 0xff)
  const set = await chordkv(['set', 'binary', ...ring], bytes)
  t.equal(set.code, 0, set.stderr)
  const get = await chordkv(['get', 'binary', ...ring])
  t.same(new Uint8Array(get.stdout), bytes)
})

t.test('--json: get prints value, flags and cas; set and del print what they did', async t => {
  const set = await chordkv(['set', 'json-key', 'v1', '--flags', '7', '--json', ...ring])
  t.same(JSON.parse(set.stdout.toString()), { key: 'json-key', stored: true })
  const get = await chordkv(['get', 'json-key', '--json', ...ring])
  t.equal(get.code, 0)
  const item = JSON.parse(get.stdout.toString())
  t.match(item, { key: 'json-key', found: true, value: 'v1', flags: 7, cas: /^\d+$/ })
  const del = await chordkv(['del', 'json-key', '--json', ...ring])
  t.equal(del.code, 0)
  t.same(JSON.parse(del.stdout.toString()), { key: 'json-key', deleted: true })
})

t.test('a key that is not stored: get and del exit 1 with one sentence on stderr (or found:false with --json)', async t => {
  const [get, getJson, del] = await Promise.all([
    chordkv(['get', 'nothing-here', ...ring]),
    chordkv(['get', 'nothing-here', '--json', ...ring]),
    chordkv(['del', 'nothing-here', ...ring])
  ])
  t.equal(get.code, 1)
  t.equal(get.stdout.length, 0)
  t.equal(get.stderr, 'chordkv get: key "nothing-here" not found\n')
  t.equal(getJson.code, 1)
  t.same(JSON.parse(getJson.stdout.toString()), { key: 'nothing-here', found: false })
  t.equal(del.code, 1)
  t.equal(del.stderr, 'chordkv del: key "nothing-here" not found\n')
})

t.test('del removes a key: exit 0, then get exits 1', async t => {
  t.equal((await chordkv(['set', 'doomed', 'x', ...ring])).code, 0)
  const del = await chordkv(['del', 'doomed', ...ring])
  t.equal(del.code, 0, del.stderr)
  t.equal(del.stdout.toString(), 'OK\n')
  t.equal((await chordkv(['get', 'doomed', ...ring])).code, 1)
})

t.test('cas with the CAS unique get --json printed: stored (exit 0); with it again: EXISTS (exit 1)', async t => {
  t.equal((await chordkv(['set', 'cas-key', 'v1', ...ring])).code, 0)
  const { cas } = JSON.parse((await chordkv(['get', 'cas-key', '--json', ...ring])).stdout.toString())
  const first = await chordkv(['cas', 'cas-key', 'v2', cas, ...ring])
  t.equal(first.code, 0, first.stderr)
  t.equal(first.stdout.toString(), 'OK\n')
  const second = await chordkv(['cas', 'cas-key', 'v3', cas, ...ring])
  t.equal(second.code, 1)
  t.match(second.stderr, /^chordkv cas: key "cas-key" was written since CAS \d+ \(EXISTS\)\n$/)
  const missing = await chordkv(['cas', 'cas-missing', 'v', '1', '--json', ...ring])
  t.equal(missing.code, 1)
  t.same(JSON.parse(missing.stdout.toString()), { key: 'cas-missing', outcome: 'not_found' })
  t.equal((await chordkv(['get', 'cas-key', ...ring])).stdout.toString(), 'v2')
})

t.test('incr and --decr print the new value; a missing key exits 1; text is a one-sentence failure', async t => {
  t.equal((await chordkv(['set', 'visits', '41', ...ring])).code, 0)
  const incr = await chordkv(['incr', 'visits', ...ring])
  t.equal(incr.code, 0, incr.stderr)
  t.equal(incr.stdout.toString(), '42\n')
  const decr = await chordkv(['incr', 'visits', '40', '--decr', '--json', ...ring])
  t.same(JSON.parse(decr.stdout.toString()), { key: 'visits', value: '2' })
  const [missing, text] = await Promise.all([
    chordkv(['incr', 'visits-missing', ...ring]),
    chordkv(['incr', 'greeting', ...ring])
  ])
  t.equal(missing.code, 1)
  t.equal(missing.stderr, 'chordkv incr: key "visits-missing" not found\n')
  t.equal(text.code, 1)
  t.match(text.stderr, /^chordkv incr: cannot increment or decrement non-numeric value\n$/)
})

t.test('--peer MULTIADDR works as well as --testnet, and --ttl expires the key', async t => {
  const peer = ['--peer', testnet.peers[1].multiaddrs[0]]
  t.equal((await chordkv(['set', 'ephemeral', 'soon gone', '--ttl', '1', ...peer])).code, 0)
  const deadline = Date.now() + 10_000
  let code: number | null = 0
  while (code === 0 && Date.now() < deadline) code = (await chordkv(['get', 'ephemeral', ...peer])).code
  t.equal(code, 1, 'get exits 1 once the key expired')
})

t.test('no ring answers: exit 1, one sentence on stderr, no stack trace', async t => {
  const port = await closedPort()
  const r = await chordkv(['get', 'k', '--peer', `/ip4/127.0.0.1/tcp/${port}`, '--timeout-ms', '1000'])
  t.equal(r.code, 1)
  t.match(r.stderr, /^chordkv get: cannot reach the ring: no peer gave a ring view/)
  t.equal(r.stderr.trim().split('\n').length, 1)
  const missingFile = await chordkv(['get', 'k', '--testnet', join(dir, 'nope.json')])
  t.equal(missingFile.code, 1)
  t.match(missingFile.stderr, /^chordkv get: cannot read the testnet descriptor/)
})

t.test('usage errors are UsageErrors naming the problem (exit 2 with the usage); --help exits 0 with examples', async t => {
  const commands: Record<string, Command> = { get, set, del, cas, incr }
  const cases: Array<[string[], RegExp]> = [
    [['get'], /missing KEY/],
    [['get', 'k'], /give --peer MULTIADDR or --testnet FILE/],
    [['get', 'k', 'extra', '--testnet', 'x.json'], /unexpected argument "extra"/],
    [['get', 'a key', '--testnet', 'x.json'], /bad key "a key": key has a space/],
    [['get', 'k'.repeat(251), '--testnet', 'x.json'], /more than 250 bytes/],
    [['set', 'k', 'v', '--ttl=-1', '--testnet', 'x.json'], /--ttl must be an integer/],
    [['set', 'k', 'v', '--flags', '4294967296', '--testnet', 'x.json'], /--flags must be an integer from 0 to 4294967295/],
    [['cas', 'k', 'v', '--testnet', 'x.json'], /missing CAS/],
    [['cas', 'k', 'v', 'abc', '--testnet', 'x.json'], /CAS must be a whole number/],
    [['incr', 'k', '1.5', '--testnet', 'x.json'], /DELTA must be a whole number/],
    [['del', 'k', '--peer', 'not-a-multiaddr'], /--peer is not a valid multiaddr/],
    [['get', 'k', '--bogus'], /Unknown option '--bogus'/]
  ]
  for (const [[name, ...args], message] of cases) {
    await t.rejects(commands[name].run(args), { name: 'UsageError', message }, `chordkv ${name} ${args.join(' ').slice(0, 50)}`)
  }
  // The same through the process: exit 2, message and usage on stderr, nothing on stdout.
  const r = await chordkv(['del', 'a key', ...ring])
  t.equal(r.code, 2)
  t.match(r.stderr, /^chordkv del: bad key "a key": key has a space at index 1\n\nUsage: chordkv del KEY/)
  t.equal(r.stdout.length, 0)
  await Promise.all(Object.keys(commands).map(async command => {
    const help = await chordkv([command, '--help'])
    t.equal(help.code, 0)
    t.match(help.stdout.toString(), new RegExp(`^Usage: chordkv ${command}`))
    t.match(help.stdout.toString(), /Examples:/)
    t.match(help.stdout.toString(), /Exit codes: 0 ok, 1 not found or failed, 2 usage error/)
  }))
})
