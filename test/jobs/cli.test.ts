/**
 * `chordkv jobs run`: usage errors (in-process) and one real run against a 3-peer testnet (a
 * child process, as a user runs it): the summary line, the throughput JSON and the SVG plot.
 */
import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { XMLValidator } from 'fast-xml-parser'
import { startTestnet } from '../../testnet/index.ts'

// Testnets of OS processes on a loaded 2-core machine: far beyond tap's default 300 s per file.
t.setTimeout(900_000)

const CLI = fileURLToPath(new URL('../../cli/chordkv.js', import.meta.url))

interface Result { code: number | null, stdout: string, stderr: string }

async function child (args: string[]): Promise<Result> {
  return await new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    p.on('error', reject)
    p.on('close', code => { resolve({ code, stdout, stderr }) })
  })
}

async function inProcess (...args: string[]): Promise<Result> {
  const { main } = await import('../../cli/main.ts')
  let stdout = ''
  let stderr = ''
  const out = process.stdout.write
  const err = process.stderr.write
  process.stdout.write = ((chunk: string | Uint8Array) => { stdout += String(chunk); return true }) as typeof process.stdout.write
  process.stderr.write = ((chunk: string | Uint8Array) => { stderr += String(chunk); return true }) as typeof process.stderr.write
  try {
    const code = await main(args)
    return { code, stdout, stderr }
  } finally {
    process.stdout.write = out
    process.stderr.write = err
  }
}

t.test('usage errors exit 2 with a sentence; --help exits 0', async t => {
  const help = await inProcess('jobs', '--help')
  t.equal(help.code, 0)
  t.match(help.stdout, /successfully completed/)
  for (const [args, message] of [
    [['jobs'], /missing subcommand: run/],
    [['jobs', 'walk'], /unknown subcommand "walk"/],
    [['jobs', 'run'], /give --peer MULTIADDR or --testnet FILE/],
    [['jobs', 'run', '--peer', '/ip4/127.0.0.1/tcp/1', '--jobs', '0'], /--jobs must be an integer from 1/],
    [['jobs', 'run', '--peer', '/ip4/127.0.0.1/tcp/1', '--run-id', 'a/b'], /a run id is 1 to 64/],
    [['jobs', 'run', '--peer', 'not-a-multiaddr'], /not a valid multiaddr/]
  ] as const) {
    const r = await inProcess(...args)
    t.equal(r.code, 2, args.join(' '))
    t.match(r.stderr, message, args.join(' '))
  }
})

t.test('chordkv jobs run against a testnet: 20/20 jobs completed, JSON and SVG written', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'chordkv-jobs-cli-'))
  const descriptor = join(dir, 'testnet.json')
  const testnet = await startTestnet({ peers: 3, out: descriptor, childStderr: 'ignore', control: false, startTimeoutMs: 120_000, consistentTimeoutMs: 300_000 })
  t.teardown(async () => {
    await testnet.stop()
    await rm(dir, { recursive: true, force: true })
  })
  const out = join(dir, 'jobs.json')
  const r = await child(['jobs', 'run', '--testnet', descriptor, '--jobs', '20', '--workers', '2', '--k', '500', '--out', out])
  t.equal(r.code, 0, r.stderr)
  t.match(r.stdout, /^20\/20 jobs completed$/m)
  t.match(r.stdout, /results written with a stale token: 0/)
  t.match(r.stderr, /20\/20 jobs/, 'progress on stderr')
  const json = JSON.parse(await readFile(out, 'utf8'))
  t.equal(json.completed, 20)
  t.equal(json.completedPerSecond.reduce((a: number, b: number) => a + b, 0), 20, 'the per-second series counts every result')
  const svg = await readFile(join(dir, 'jobs.svg'), 'utf8')
  t.equal(XMLValidator.validate(svg), true, 'the plot is well-formed SVG')
  t.match(svg, /jobs completed per second/)
})
