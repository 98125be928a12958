/**
 * `npm run build`: compiles the sources into dist/ (tsc rewrites the `.ts` import extensions),
 * then copies what tsc does not emit: the protons-generated `.js` + `.d.ts` pairs and the
 * CLI's JavaScript shim; writes dist/BUILD_ID (this checkout's build id, node/build-info.ts).
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
rmSync(join(root, 'dist'), { recursive: true, force: true })
execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' })
const protocol = join(root, 'node', 'protocol')
mkdirSync(join(root, 'dist', 'node', 'protocol'), { recursive: true })
for (const f of readdirSync(protocol)) {
  if (f.endsWith('.js') || f.endsWith('.d.ts')) copyFileSync(join(protocol, f), join(root, 'dist', 'node', 'protocol', f))
}
// The compiled code reports the build it was made from (node/build-info.ts reads dist/BUILD_ID),
// even where no git checkout is around at run time.
const { buildInfo } = await import('../node/build-info.ts')
writeFileSync(join(root, 'dist', 'BUILD_ID'), buildInfo().build + '\n')
console.log('built dist/')
