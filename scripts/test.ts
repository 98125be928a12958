/**
 * `npm test`: type-check, run the tap suite, and end with one machine-readable line.
 *
 *   1. `tsc --noEmit` — on failure its output is shown and we stop (exit 1).
 *   2. `tap` with the config in package.json "tap". Its reporter output is shown as tap
 *      would show it: the `tap` (raw TAP) reporter when stdout is not a terminal, which is
 *      also tap's own default there, and the `base` reporter on a terminal.
 *   3. The LAST line printed is exactly `N passed, N failed` (plus `, N skipped` when tests
 *      were skipped or marked todo), taken from tap's final root counts — the same counts
 *      tap prints as `# { total, pass, fail, todo, skip }`. They include failures that are
 *      not assertions, such as a test file that crashed or exited non-zero.
 *
 * Exit code: 0 when everything passed, 1 otherwise (a type error counts as one failure).
 * Extra arguments are passed to tap (e.g. `npm test -- test/http/server.test.ts`).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name: string): string => join(root, 'node_modules', '.bin', name)

/** Children run on this same Node (24); a bare `node` on PATH may be an older system one. */
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: [dirname(process.execPath), join(root, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter)
}

export interface Totals {
  readonly total: number
  readonly pass: number
  readonly fail: number
  readonly skip: number
  readonly todo: number
}

/**
 * The root counts from raw TAP output: the last unindented `# { total: N, pass: N, ... }`
 * comment (subtests' comments are indented). Undefined when tap never printed one.
 */
export function parseTotals (tapOutput: string): Totals | undefined {
  let found: Totals | undefined
  for (const line of tapOutput.split('\n')) {
    const m = /^# (\{.*\})\s*$/.exec(line)
    if (m === null || !/\btotal: \d+/.test(m[1])) continue
    const count = (key: string): number => Number(new RegExp(`\\b${key}: (\\d+)`).exec(m[1])?.[1] ?? 0)
    found = { total: count('total'), pass: count('pass'), fail: count('fail'), skip: count('skip'), todo: count('todo') }
  }
  return found
}

/** `N passed, N failed[, N skipped]` — todo tests count as skipped. */
export function summaryLine (t: Totals): string {
  const skipped = t.skip + t.todo
  return `${t.pass} passed, ${t.fail} failed` + (skipped > 0 ? `, ${skipped} skipped` : '')
}

interface Exit { readonly code: number, readonly output: string }

function run (args: string[], options: { capture: boolean, extraEnv?: NodeJS.ProcessEnv }): Promise<Exit> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...env, ...options.extraEnv },
      stdio: ['inherit', options.capture ? 'pipe' : 'inherit', 'inherit']
    })
    const chunks: Buffer[] = []
    child.stdout?.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      process.stdout.write(chunk)
    })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      resolvePromise({ code: code ?? (signal !== null ? 128 : 1), output: Buffer.concat(chunks).toString('utf8') })
    })
  })
}

async function main (): Promise<number> {
  const tsc = await run([bin('tsc'), '--noEmit', '-p', join(root, 'tsconfig.json')], { capture: false })
  if (tsc.code !== 0) {
    console.error('type check failed (tsc --noEmit); not running tests')
    console.log(summaryLine({ total: 1, pass: 0, fail: 1, skip: 0, todo: 0 }))
    return 1
  }

  const tapArgs = process.argv.slice(2)
  let totals: Totals | undefined
  let tapCode: number
  if (process.stdout.isTTY === true) {
    // tap's default on a terminal is the interactive `base` reporter, whose output carries no
    // parseable totals; our reporter renders `base` and writes the root counts to a file.
    const dir = mkdtempSync(join(tmpdir(), 'chordkv-test-'))
    const totalsFile = join(dir, 'totals.json')
    try {
      const tap = await run([bin('tap'), `--reporter=${join(root, 'scripts', 'tap-totals-reporter.ts')}`, ...tapArgs], {
        capture: false,
        extraEnv: { CHORDKV_TAP_TOTALS_FILE: totalsFile }
      })
      tapCode = tap.code
      try {
        totals = JSON.parse(readFileSync(totalsFile, 'utf8')) as Totals
      } catch {
        totals = undefined
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  } else {
    const tap = await run([bin('tap'), '--reporter=tap', ...tapArgs], { capture: true })
    tapCode = tap.code
    totals = parseTotals(tap.output)
  }

  if (totals === undefined) {
    console.error(`tap exited with code ${tapCode} without reporting totals`)
    console.log(summaryLine({ total: 1, pass: 0, fail: 1, skip: 0, todo: 0 }))
    return 1
  }
  if (tapCode !== 0 && totals.fail === 0) {
    // tap failed for a reason it did not count (e.g. a config error): still one failure.
    console.error(`tap exited with code ${tapCode}`)
    totals = { ...totals, fail: 1 }
  }
  console.log(summaryLine(totals))
  return totals.fail > 0 ? 1 : 0
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main()
}
