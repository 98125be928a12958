import t from 'tap'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseStartArgs } from '../../cli/commands/start.ts'
import { parseTestnetArgs } from '../../cli/commands/testnet.ts'
import { closedPort } from '../utils/net.ts'

const CLI = fileURLToPath(new URL('../../cli/chordkv.js', import.meta.url))

interface Result { code: number | null, stdout: string, stderr: string }

function chordkv (...args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => { stdout += String(chunk) })
    child.stderr.on('data', chunk => { stderr += String(chunk) })
    child.on('error', reject)
    child.on('close', code => { resolve({ code, stdout, stderr }) })
  })
}

/** A port nobody listens on: bind one, then close it. */
t.test('--help and -h print usage with examples on stdout and exit 0', async t => {
  const cases: Array<[string[], RegExp]> = [
    [['--help'], /Usage: chordkv <command>/],
    [['-h'], /Usage: chordkv <command>/],
    [['help', 'testnet'], /Usage: chordkv testnet/],
    [['start', '--help'], /Usage: chordkv start/],
    [['start', '-h'], /Usage: chordkv start/],
    [['testnet', '--help'], /Usage: chordkv testnet/],
    [['testnet', '-h', '--peers', 'nonsense'], /Usage: chordkv testnet/]
  ]
  await Promise.all(cases.map(async ([args, usage]) => {
    const r = await chordkv(...args)
    t.equal(r.code, 0, `chordkv ${args.join(' ')} exits 0`)
    t.match(r.stdout, usage)
    t.match(r.stdout, /Examples:/)
    t.equal(r.stderr, '')
  }))
})

t.test('usage errors print the message and usage on stderr and exit 2', async t => {
  const cases: Array<[string[], RegExp, RegExp]> = [
    [[], /missing command/, /Usage: chordkv <command>/],
    [['frobnicate'], /unknown command "frobnicate"/, /Usage: chordkv <command>/],
    [['start', '--bogus'], /Unknown option '--bogus'/, /Usage: chordkv start/],
    [['start', 'extra'], /Unexpected argument 'extra'/, /Usage: chordkv start/],
    [['start', '--vnodes', 'eight'], /--vnodes must be an integer from 1 to 1024, got "eight"/, /Usage: chordkv start/],
    [['start', '--vnodes', '0'], /--vnodes must be an integer/, /Usage: chordkv start/],
    [['start', '--http-port', '70000'], /--http-port must be an integer from 0 to 65535/, /Usage: chordkv start/],
    [['start', '--bootstrap', 'not-a-multiaddr'], /--bootstrap is not a valid multiaddr/, /Usage: chordkv start/],
    [['start', '--listen'], /argument missing/, /Usage: chordkv start/],
    [['testnet', '--peers', '0'], /--peers must be an integer from 1 to 1024/, /Usage: chordkv testnet/],
    [['testnet', 'ctl'], /ctl needs a COMMAND/, /Usage: chordkv testnet/],
    [['testnet', '--peers', '4', '--base-port', '65530'], /leaves no room for 4 peers/, /Usage: chordkv testnet/]
  ]
  await Promise.all(cases.map(async ([args, message, usage]) => {
    const r = await chordkv(...args)
    t.equal(r.code, 2, `chordkv ${args.join(' ')} exits 2`)
    t.match(r.stderr, message)
    t.match(r.stderr, usage)
    t.equal(r.stdout, '')
  }))
})

t.test('a bootstrap peer that does not answer: one sentence on stderr, exit 1, no stack trace', async t => {
  const port = await closedPort()
  const r = await chordkv('start', '--bootstrap', `/ip4/127.0.0.1/tcp/${port}`, '--http-port', 'off')
  t.equal(r.code, 1)
  t.match(r.stderr, /^chordkv start: could not join through any bootstrap peer/)
  t.equal(r.stderr.trim().split('\n').length, 1, 'one line')
  t.notMatch(r.stderr, /\n\s+at /, 'no stack trace')
  t.equal(r.stdout, '', 'no ready line')
})

t.test('start arguments become PeerOptions', async t => {
  const defaults = parseStartArgs([])
  t.equal(defaults.help, false)
  t.equal(defaults.exitWithStdin, false)
  t.same(defaults.peer.bootstrap, [])
  t.equal(defaults.peer.listen, undefined, 'the daemon picks its default listen address')
  t.equal(defaults.peer.httpPort, undefined)

  const full = parseStartArgs([
    '--listen', '/ip4/127.0.0.1/tcp/4001', '--listen', '/ip4/127.0.0.1/tcp/4002',
    '--bootstrap', '/ip4/127.0.0.1/tcp/5001', '--vnodes', '4', '--replicas', '2',
    '--http-port', 'off', '--http-host', '0.0.0.0', '--key-file', 'peer.key',
    '--stabilize-interval-ms', '150', '--exit-with-stdin'
  ])
  t.match(full.peer, {
    listen: ['/ip4/127.0.0.1/tcp/4001', '/ip4/127.0.0.1/tcp/4002'],
    bootstrap: ['/ip4/127.0.0.1/tcp/5001'],
    vnodes: 4,
    replicas: 2,
    httpPort: null,
    httpHost: '0.0.0.0',
    keyFile: 'peer.key',
    stabilizeIntervalMs: 150
  })
  t.equal(full.exitWithStdin, true)
  t.equal(parseStartArgs(['--http-port', '8080']).peer.httpPort, 8080)
})

t.test('testnet arguments', async t => {
  const parsed = parseTestnetArgs(['--peers', '4', '--vnodes', '2', '--replicas', '1', '--out', 'x.json', '--base-port', '20000'])
  t.match(parsed, { help: false, peers: 4, vnodes: 2, replicas: 1, basePort: 20000 })
  t.match(parsed.out, /\/x\.json$/, 'the descriptor path is made absolute')
  t.throws(() => parseTestnetArgs(['--peers', '2', '--base-port', '80']), { name: 'UsageError' })
})
