/**
 * `npx node scripts/build-upgrade.ts [--out DIR] [--build-id ID] [--copy]`: makes a separate
 * build of this checkout for a rolling upgrade (`chordkv testnet ctl upgrade --to DIR`,
 * `testnet.upgrade({ entry: DIR })`), and prints `{"dir","entry","buildId","mode"}` on stdout.
 *
 * - default (pack): `npm pack` of this checkout, extracted into DIR: exactly the files a user
 *   installing the package gets (what .gitignore leaves in).
 * - --copy: copies only the runtime directories (cli, node, ring, client, testnet) and
 *   package.json; ~10× faster, for tests.
 * Either way DIR gets a `BUILD_ID` file (the id /health reports: node/build-info.ts) and a
 * `node_modules` symlink to this checkout's dependencies, so no install (and no network) is
 * needed. The copy is real: other files than the running build's, loaded as another module
 * graph, reporting another build id; only the dependencies are shared. DIR must not lie under
 * a node_modules directory (Node does not strip types there).
 */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BUILD_ID_PATTERN } from '../node/build-info.ts'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The directories a peer runs from (copy mode). */
export const RUNTIME_DIRS = ['cli', 'node', 'ring', 'client', 'testnet'] as const

export interface BuildUpgradeOptions {
  /** Where to put the build (created; must be empty or absent). Default: a new temporary directory. */
  readonly out?: string
  /** The build id it reports (default `<version>-next-<time>`). */
  readonly buildId?: string
  /** 'pack' (npm pack, default) or 'copy' (runtime directories only). */
  readonly mode?: 'pack' | 'copy'
  /** The checkout to build from (default this one). */
  readonly root?: string
}

export interface BuildUpgradeResult {
  readonly dir: string
  /** Its cli/chordkv.js: what testnet.upgrade({ entry }) takes. */
  readonly entry: string
  readonly buildId: string
  readonly mode: 'pack' | 'copy'
}

export function buildUpgrade (options: BuildUpgradeOptions = {}): BuildUpgradeResult {
  const root = resolve(options.root ?? ROOT)
  const mode = options.mode ?? 'pack'
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version
  const buildId = options.buildId ?? `${version}-next-${Date.now().toString(36)}`
  if (!BUILD_ID_PATTERN.test(buildId)) throw new RangeError(`build id ${JSON.stringify(buildId)} is not 1 to 64 of letters, digits and ._+:@-`)
  const dir = options.out === undefined ? mkdtempSync(join(tmpdir(), 'chordkv-build-')) : resolve(options.out)
  if (dir.split(/[\\/]/).includes('node_modules')) throw new RangeError(`${dir} lies under node_modules, where Node does not run TypeScript`)
  mkdirSync(dir, { recursive: true })

  if (mode === 'copy') {
    for (const sub of RUNTIME_DIRS) {
      cpSync(join(root, sub), join(dir, sub), { recursive: true, filter: src => basename(src) !== 'node_modules' })
    }
    cpSync(join(root, 'package.json'), join(dir, 'package.json'))
  } else {
    const scratch = mkdtempSync(join(tmpdir(), 'chordkv-pack-'))
    try {
      const out = execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      const tarball = join(scratch, (JSON.parse(out) as Array<{ filename: string }>)[0].filename)
      // npm tarballs hold everything under package/.
      execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { stdio: 'ignore' })
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  }
  writeFileSync(join(dir, 'BUILD_ID'), buildId + '\n')
  const modules = join(dir, 'node_modules')
  if (!existsSync(modules)) symlinkSync(join(root, 'node_modules'), modules, 'dir')
  const entry = join(dir, 'cli', 'chordkv.js')
  if (!existsSync(entry)) throw new Error(`the build in ${dir} has no cli/chordkv.js`)
  return { dir, entry, buildId, mode }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const value = (flag: string): string | undefined => {
    const i = args.indexOf(flag)
    return i < 0 ? undefined : args[i + 1]
  }
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write('Usage: npx node scripts/build-upgrade.ts [--out DIR] [--build-id ID] [--copy]\n')
    process.exit(0)
  }
  try {
    const result = buildUpgrade({ out: value('--out'), buildId: value('--build-id'), mode: args.includes('--copy') ? 'copy' : 'pack' })
    process.stdout.write(JSON.stringify(result) + '\n')
  } catch (err) {
    process.stderr.write(`build-upgrade: ${(err as Error).message}\n`)
    process.exit(1)
  }
}
