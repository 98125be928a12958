/**
 * Which build of chordkv this process runs: the package version and a build id, reported on
 * /health, /stats and the `chordkv start` ready line so an operator (and a rolling upgrade)
 * can tell old peers from new ones.
 *
 * The build id comes from, first found wins:
 *   1. the CHORDKV_BUILD_ID environment variable;
 *   2. a `BUILD_ID` file at the root of the running code (the package root when running the
 *      TypeScript sources, `dist/` when running the compiled library): written by
 *      `scripts/build-upgrade.ts` into the copy it makes and by `npm run build` into dist/;
 *   3. the git commit of the checkout the code runs from (`git rev-parse --short=12 HEAD`);
 *   4. "dev".
 * An id must match BUILD_ID_PATTERN; one that does not is ignored (the next source decides).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** What a build id may look like: 1 to 64 of letters, digits and `._+:@-`. */
export const BUILD_ID_PATTERN = /^[A-Za-z0-9._+:@-]{1,64}$/

export interface BuildInfo {
  /** The package version (package.json), or "0.0.0" when it cannot be read. */
  readonly version: string
  /** The build id. */
  readonly build: string
  /** Where the build id came from. */
  readonly buildSource: 'env' | 'file' | 'git' | 'dev'
}

/** The directory above this module: the package root for the sources, dist/ for the compiled code. */
const CODE_ROOT = dirname(dirname(fileURLToPath(import.meta.url)))

let cached: BuildInfo | undefined

/** This process's build (computed once). `env` and `root` are for tests. */
export function buildInfo (env: NodeJS.ProcessEnv = process.env, root: string = CODE_ROOT): BuildInfo {
  if (env === process.env && root === CODE_ROOT && cached !== undefined) return cached
  const info = { version: readVersion(root), ...readBuild(env, root) }
  if (env === process.env && root === CODE_ROOT) cached = info
  return info
}

function readVersion (root: string): string {
  // Sources: root/package.json; compiled: dist/../package.json.
  for (const file of [join(root, 'package.json'), join(root, '..', 'package.json')]) {
    try {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown, version?: unknown }
      if (pkg.name === 'chordkv' && typeof pkg.version === 'string') return pkg.version
    } catch {
      // try the next
    }
  }
  return '0.0.0'
}

function readBuild (env: NodeJS.ProcessEnv, root: string): Pick<BuildInfo, 'build' | 'buildSource'> {
  const fromEnv = env.CHORDKV_BUILD_ID?.trim()
  if (fromEnv !== undefined && BUILD_ID_PATTERN.test(fromEnv)) return { build: fromEnv, buildSource: 'env' }
  try {
    const fromFile = readFileSync(join(root, 'BUILD_ID'), 'utf8').trim()
    if (BUILD_ID_PATTERN.test(fromFile)) return { build: fromFile, buildSource: 'file' }
  } catch {
    // no file
  }
  for (const dir of [root, join(root, '..')]) {
    if (!existsSync(join(dir, '.git'))) continue
    try {
      const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: dir, encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).trim()
      if (BUILD_ID_PATTERN.test(commit)) return { build: commit, buildSource: 'git' }
    } catch {
      // no git, or not a repository
    }
  }
  return { build: 'dev', buildSource: 'dev' }
}
