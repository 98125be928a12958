/**
 * `chordkv lock|config|elect|members` as a user runs them: separate processes against one
 * 3-peer testnet (OS processes), sharing it in parallel subtests. Exit codes: 0 ok, 1 failed,
 * 2 usage; lock exits with its COMMAND's status.
 */
import t from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { connect, type Client } from '../../client/index.ts'
import type { Command } from '../../cli/command.ts'
import { config } from '../../cli/commands/coord-config.ts'
import { elect } from '../../cli/commands/elect.ts'
import { lock } from '../../cli/commands/lock.ts'
import { members } from '../../cli/commands/members.ts'
import { startTestnet, type Testnet } from '../../testnet/index.ts'

const CLI = fileURLToPath(new URL('../../cli/chordkv.js', import.meta.url))

/** Every process started, so that a failed test leaves none behind. */
const runs = new Set<ChildProcess>()

/** A running `chordkv …` process: its output so far, a wait for a line, its exit. */
class Run {
  readonly child: ChildProcess
  stdout = ''
  stderr = ''
  readonly exited: Promise<number | null>
  private readonly waiters: Array<() => void> = []

  constructor (args: readonly string[]) {
    this.child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    runs.add(this.child)
    this.child.stdout!.on('data', chunk => { this.stdout += String(chunk); this.wake() })
    this.child.stderr!.on('data', chunk => { this.stderr += String(chunk); this.wake() })
    this.exited = new Promise((resolve, reject) => {
      this.child.on('error', reject)
      this.child.on('close', code => { runs.delete(this.child); this.wake(); resolve(code) })
    })
  }

  /** The first match of `pattern` in stdout, waiting for it (fails after `ms` or at exit). */
  async line (pattern: RegExp, ms = 240_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + ms
    for (;;) {
      const match = pattern.exec(this.stdout)
      if (match !== null) return match
      if (this.child.exitCode !== null || this.child.signalCode !== null || Date.now() > deadline) {
        throw new Error(`no ${pattern} in stdout ${JSON.stringify(this.stdout)} (stderr ${JSON.stringify(this.stderr)})`)
      }
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, 200)
        this.waiters.push(() => { clearTimeout(timer); resolve() })
      })
    }
  }

  async done (): Promise<{ code: number | null, stdout: string, stderr: string }> {
    const code = await this.exited
    return { code, stdout: this.stdout, stderr: this.stderr }
  }

  private wake (): void {
    for (const w of this.waiters.splice(0)) w()
  }
}

const chordkv = async (args: readonly string[]): Promise<{ code: number | null, stdout: string, stderr: string }> => await new Run(args).done()

let testnet: Testnet
let dir: string
let ring: string[]
let db: Client

t.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chordkv-cli-coord-'))
  const descriptor = join(dir, 'testnet.json')
  testnet = await startTestnet({
    peers: 3, vnodes: 2, stabilizeIntervalMs: 250, out: descriptor, childStderr: 'ignore', control: false, startTimeoutMs: 180_000, consistentTimeoutMs: 180_000
  })
  ring = ['--testnet', descriptor]
  db = await connect({ bootstrap: testnet.peers.flatMap(p => p.multiaddrs) })
  // The coordination group forms a few seconds after the ring: wait until a write commits.
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      if ((await db.coord.put('ready', 'yes')).ok) break
    } catch (err) {
      if (Date.now() > deadline) throw err
      await new Promise(resolve => setTimeout(resolve, 250))
    }
  }
})

t.teardown(async () => {
  for (const child of runs) child.kill('SIGKILL')
  await db?.close()
  await testnet?.stop()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

// Independent subtests on distinct names share the testnet and run at once. The time goes
// into some 20 CLI process start-ups (each loads libp2p): generous on a shared, loaded machine.
t.jobs = 6
t.setTimeout(900_000)

t.test('lock runs COMMAND with its token; two at once get distinct increasing tokens and never overlap', async t => {
  const file = join(dir, 'critical.log')
  // Appends "start TOKEN NAME", waits, appends "end TOKEN", exits with the status it is given.
  const critical = `const fs = require('node:fs'); const e = process.env
fs.appendFileSync(${JSON.stringify(file)}, 'start ' + e.CHORDKV_FENCING_TOKEN + ' ' + e.CHORDKV_LOCK_NAME + '\\n')
setTimeout(() => { fs.appendFileSync(${JSON.stringify(file)}, 'end ' + e.CHORDKV_FENCING_TOKEN + '\\n'); process.exit(Number(process.argv[1])) }, 400)`
  const [a, b, missing] = await Promise.all([
    chordkv(['lock', 'cli-lock', '--ttl-ms', '3000', ...ring, '--', process.execPath, '-e', critical, '0']),
    chordkv(['lock', 'cli-lock', '--ttl-ms', '3000', ...ring, '--', process.execPath, '-e', critical, '7']),
    chordkv(['lock', 'cli-lock-2', '--ttl-ms', '3600000', ...ring, '--', join(dir, 'no-such-command')])
  ])
  t.equal(a.code, 0, `exit status of the command that exited 0: ${a.stderr}`)
  t.equal(b.code, 7, `exit status of the command that exited 7: ${b.stderr}`)
  const lines = (await readFile(file, 'utf8')).trim().split('\n')
  t.equal(lines.length, 4, lines.join(' | '))
  const [s1, e1, s2, e2] = lines.map(l => l.split(' '))
  t.same([s1[0], e1[0], s2[0], e2[0]], ['start', 'end', 'start', 'end'], `no interleaving: ${lines.join(' | ')}`)
  t.equal(e1[1], s1[1], 'the first holder ended before the second started')
  t.equal(e2[1], s2[1])
  t.match(s1[1], /^\d+$/, 'CHORDKV_FENCING_TOKEN is a decimal integer')
  t.ok(BigInt(s2[1]) > BigInt(s1[1]), `the later grant has the larger token: ${s1[1]} then ${s2[1]}`)
  t.same([s1[2], s2[2]], ['cli-lock', 'cli-lock'], 'CHORDKV_LOCK_NAME')
  t.equal(missing.code, 1)
  t.match(missing.stderr, /^chordkv lock: cannot run ".*no-such-command": spawn .* ENOENT\n$/)
  // The failed start released its lock (else its one-hour lease would block this for an hour).
  const held = await db.coord.lock('cli-lock-2', { ttlMs: 30_000, timeoutMs: 120_000 })
  await held.release()
})

t.test('lock without COMMAND holds until SIGINT; a waiter with --wait-ms gives up (exit 1); after SIGINT the lock is free', async t => {
  const holder = new Run(['lock', 'cli-hold', '--ttl-ms', '3600000', '--json', ...ring])
  const { token } = JSON.parse((await holder.line(/^\{.*\}\n/))[0])
  t.match(token, /^\d+$/)
  const waiter = await chordkv(['lock', 'cli-hold', '--wait-ms', '1500', ...ring, '--', process.execPath, '-e', 'process.exit(0)'])
  t.equal(waiter.code, 1)
  t.equal(waiter.stderr, 'chordkv lock: lock "cli-hold" not granted within 1500 ms\n')
  holder.child.kill('SIGINT')
  const end = await holder.done()
  t.equal(end.code, 0, end.stderr)
  // Released on SIGINT: else its one-hour lease would block this for an hour.
  const next = await db.coord.lock('cli-hold', { ttlMs: 30_000, timeoutMs: 120_000 })
  t.ok(next.token > BigInt(token), `granted after the release, with a larger token (${token} < ${next.token})`)
  await next.release()
})

t.test('a lock whose lease is lost (chordkv paused past its TTL) stops COMMAND with SIGTERM and exits 1', async t => {
  const script = "console.log('running ' + process.env.CHORDKV_FENCING_TOKEN); process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(0) }); setTimeout(() => {}, 60000)"
  // A TTL long enough for a loaded machine to start COMMAND before it runs out by itself.
  const run = new Run(['lock', 'cli-lost', '--ttl-ms', '8000', ...ring, '--', process.execPath, '-e', script])
  await run.line(/^running \d+\n/m)
  run.child.kill('SIGSTOP')
  await new Promise(resolve => setTimeout(resolve, 10_000)) // more than the TTL: no renewal can have been confirmed
  run.child.kill('SIGCONT')
  const end = await run.done()
  t.equal(end.code, 1, 'exit 1 although COMMAND exited 0 on SIGTERM')
  t.match(end.stdout, /got SIGTERM/)
  t.match(end.stderr, /^chordkv lock: lost lock "cli-lost" \(token \d+\) while ".*" ran, so it was stopped: the lease expired/)
})

t.test('config: set, get, compare-and-set and its mismatch (exit 1, current version), --string, del, and watch --from --count', async t => {
  const set = await chordkv(['config', 'set', 'cli/limits', '{"rps":100}', '--json', ...ring])
  t.equal(set.code, 0, set.stderr)
  const { version: v1, ok } = JSON.parse(set.stdout)
  t.equal(ok, true)
  t.match(v1, /^\d+$/)
  const watch = new Run(['config', 'watch', 'cli/limits', '--from', v1, '--count', '3', ...ring])
  const get = await chordkv(['config', 'get', 'cli/limits', ...ring])
  t.equal(get.code, 0, get.stderr)
  t.equal(get.stdout, '{"rps":100}\n', 'the document as compact JSON')
  const v2 = BigInt(v1) + 1n
  const cas = await chordkv(['config', 'set', 'cli/limits', '{"rps":200}', '--if-version', v1, ...ring])
  t.equal(cas.code, 0, cas.stderr)
  t.equal(cas.stdout, `OK version ${v2}\n`)
  const stale = await chordkv(['config', 'set', 'cli/limits', '{"rps":300}', '--if-version', v1, ...ring])
  t.equal(stale.code, 1, 'a stale --if-version fails')
  t.equal(stale.stderr, `chordkv config: key "cli/limits" is at version ${v2}, not ${v1}; nothing changed\n`)
  const text = await chordkv(['config', 'set', 'cli/limits', 'slow', '--string', '--json', ...ring])
  t.same(JSON.parse(text.stdout), { key: 'cli/limits', ok: true, version: String(v2 + 1n) })
  t.equal((await chordkv(['config', 'del', 'cli/limits', ...ring])).code, 0)
  const [gone, watched] = await Promise.all([chordkv(['config', 'get', 'cli/limits', '--json', ...ring]), watch.done()])
  t.equal(gone.code, 1)
  t.same(JSON.parse(gone.stdout), { key: 'cli/limits', found: false, version: String(v2 + 2n) })
  t.equal(watched.code, 0, watched.stderr)
  t.equal(watched.stdout, `${v2} put {"rps":200}\n${v2 + 1n} put "slow"\n${v2 + 2n} delete\n`, 'every change after --from, in order, once')
})

t.test('elect: the leader prints its term, --leader shows it, SIGINT resigns and the next candidate wins a larger term; --observe sees it all', async t => {
  const first = new Run(['elect', 'cli-election', 'host-a', '--ttl-ms', '60000', ...ring])
  const term1 = BigInt((await first.line(/^leader cli-election term (\d+)\n/))[1])
  const second = new Run(['elect', 'cli-election', 'host-b', '--ttl-ms', '60000', ...ring])
  const observe = new Run(['elect', 'cli-election', '--observe', '--count', '3', ...ring])
  const current = await chordkv(['elect', 'cli-election', '--leader', '--json', ...ring])
  t.equal(current.code, 0, current.stderr)
  t.same(JSON.parse(current.stdout), { name: 'cli-election', term: String(term1), value: 'host-a' })
  await observe.line(/^term \d+ host-a\n/)
  t.notOk(/leader/.test(second.stdout), 'the second candidate waits while the first leads')
  first.child.kill('SIGINT')
  const resigned = await first.done()
  t.equal(resigned.code, 0, resigned.stderr)
  t.equal(resigned.stdout, `leader cli-election term ${term1}\nresigned cli-election term ${term1}\n`)
  const term2 = BigInt((await second.line(/^leader cli-election term (\d+)\n/))[1])
  t.ok(term2 > term1, `the next leader's term is larger: ${term1} then ${term2}`)
  const observed = await observe.done()
  t.equal(observed.stdout, `term ${term1} host-a\nterm ${term1} resigned\nterm ${term2} host-b\n`)
  second.child.kill('SIGTERM')
  const last = await second.done()
  t.equal(last.code, 0, last.stderr)
  t.match(last.stdout, new RegExp(`resigned cli-election term ${term2}\n$`))
})

t.test('members: --join lists the member with its meta, a second join of the id fails, --watch sees join and leave', async t => {
  const member = new Run(['members', 'cli-group', '--join', 'w1', '--meta', 'host-1:9000', '--ttl-ms', '60000', ...ring])
  await member.line(/^joined cli-group as w1\n/)
  const watch = new Run(['members', 'cli-group', '--watch', '--count', '2', '--json', ...ring])
  const [list, again] = await Promise.all([
    chordkv(['members', 'cli-group', ...ring]),
    chordkv(['members', 'cli-group', '--join', 'w1', ...ring])
  ])
  t.equal(list.code, 0, list.stderr)
  const [, version] = /^version (\d+)\nw1 host-1:9000\n$/.exec(list.stdout) ?? []
  t.ok(version, `'version V' then 'ID META': ${JSON.stringify(list.stdout)}`)
  t.equal(again.code, 1)
  t.equal(again.stderr, 'chordkv members: "w1" is already a member of group "cli-group"\n')
  await watch.line(/"w1"/)
  member.child.kill('SIGINT')
  t.equal((await member.done()).code, 0)
  const watched = (await watch.done()).stdout.trim().split('\n').map(l => JSON.parse(l))
  t.same(watched, [
    { group: 'cli-group', version, members: [{ id: 'w1', meta: 'host-1:9000' }] },
    { group: 'cli-group', version: String(BigInt(version) + 1n), members: [] }
  ], 'the list with w1, then without it: w1 left when interrupted')
})

t.test('bad input is a UsageError naming the problem (exit 2 with the usage), before anything is sent; --help exits 0', async t => {
  const commands: Record<string, Command> = { lock, config, elect, members }
  const x = ['--testnet', 'x.json']
  const cases: Array<[string[], RegExp]> = [
    [['lock', '', ...x], /lock name must not be empty/],
    [['lock', 'n', '--ttl-ms', '0', ...x], /--ttl-ms must be an integer from 100 to 3600000, got "0"/],
    [['lock', 'n', '--wait-ms', 'soon', ...x], /--wait-ms must be an integer/],
    [['lock', ...x], /missing NAME/],
    [['lock', 'n', ...x, '--'], /missing COMMAND after --/],
    [['lock', 'n', 'make', ...x], /unexpected argument "make" \(give the command to run after --\)/],
    [['lock', 'a\u0007b', ...x], /lock name has a control character \(U\+0007\) at index 1/],
    [['lock', 'n'.repeat(201), ...x], /lock name is 201 bytes, more than 200/],
    [['lock', 'n', '--', 'true'], /give --peer MULTIADDR or --testnet FILE/],
    [['config', ...x], /missing subcommand \(get, set, del, watch\)/],
    [['config', 'put', 'k', ...x], /unknown subcommand "put"/],
    [['config', 'set', 'k', 'not json', ...x], /VALUE is not JSON: "not json" \(quote text as/],
    [['config', 'set', 'k', ...x], /missing VALUE/],
    [['config', 'set', 'k', '1', '--if-version=-1', ...x], /--if-version must be a whole number/],
    [['config', 'del', 'k', '--if-version', 'v3', ...x], /--if-version must be a whole number/],
    [['config', 'get', 'k', '--from', '3', ...x], /--from does not apply to config get/],
    [['config', 'watch', 'k', '--count', '0', ...x], /--count must be an integer from 1/],
    [['config', 'get', '', ...x], /config key must not be empty/],
    [['elect', 'e', ...x], /missing VALUE \(or give --leader or --observe\)/],
    [['elect', 'e', 'v', '--ttl-ms', '50', ...x], /--ttl-ms must be an integer from 100/],
    [['elect', 'e', '--leader', '--observe', ...x], /give --leader or --observe, not both/],
    [['elect', 'e', 'v', '--leader', ...x], /no VALUE with --leader/],
    [['elect', 'e', 'v'.repeat(4097), ...x], /VALUE is 4097 bytes, more than 4096/],
    [['members', ...x], /missing GROUP/],
    [['members', 'g', '--join', '', ...x], /member id must not be empty/],
    [['members', 'g', '--meta', 'm', ...x], /--meta applies to --join only/],
    [['members', 'g', '--count', '2', ...x], /--count applies to --watch only/],
    [['members', 'g', '--join', 'w', '--ttl-ms', '3600001', ...x], /--ttl-ms must be an integer/]
  ]
  for (const [[name, ...args], message] of cases) {
    await t.rejects(commands[name].run(args), { name: 'UsageError', message }, `chordkv ${name} ${args.join(' ').slice(0, 60)}`)
  }
  // The same through the process: exit 2, message and usage on stderr, nothing on stdout.
  const [empty, help] = await Promise.all([
    chordkv(['lock', '', ...ring, '--', 'true']),
    chordkv(['lock', '--help'])
  ])
  t.equal(empty.code, 2)
  t.match(empty.stderr, /^chordkv lock: lock name must not be empty\n\nUsage: chordkv lock NAME/)
  t.equal(empty.stdout, '')
  t.equal(help.code, 0)
  t.equal(help.stdout, lock.usage + '\n')
  for (const [name, command] of Object.entries(commands)) {
    t.match(command.usage, new RegExp(`^Usage: chordkv ${name} `))
    t.match(command.usage, /\nExamples:\n/)
    t.match(command.usage, /\nExit codes: .*0 ok/)
  }
})
