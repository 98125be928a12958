/**
 * `npm run gen:proto`: compiles every node/protocol/*.proto into a checked-in `.js` + `.d.ts`
 * pair next to it.
 *
 * protons emits TypeScript with `enum` and `namespace`, which Node's type stripping rejects,
 * so the generated `.ts` is compiled with tsc in a scratch directory and only its JavaScript
 * and declarations are kept. Other code imports the result as `./ring.js`.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const protoDir = join(root, 'node', 'protocol')
// The generated code is type-checked against the protons-runtime that protons itself depends
// on (7.x, nested under node_modules/protons), so the scratch directory lives inside the
// protons package: module resolution finds that copy first, and uint8arrays further up.
// The project's protons-runtime (8.x) has the same JavaScript; only its Codec type gained a
// second parameter (Codec<Decoded, Encoded>), which the declarations are rewritten for below.
const scratchDir = join(root, 'node_modules', 'protons', '.chordkv-gen-proto')
const bin = (name: string): string => join(root, 'node_modules', '.bin', name)

// `npm run gen:proto -- ring.proto kv.proto` compiles only those.
const only = process.argv.slice(2).map(a => basename(a))
const protos = readdirSync(protoDir).filter(f => f.endsWith('.proto') && (only.length === 0 || only.includes(f))).sort()
if (protos.length === 0) {
  console.error(`no .proto files in ${protoDir}`)
  process.exit(1)
}

rmSync(scratchDir, { recursive: true, force: true })
mkdirSync(scratchDir, { recursive: true })
try {
  execFileSync(bin('protons'), ['--strict', '--output', scratchDir, ...protos.map(p => join(protoDir, p))], { stdio: 'inherit' })
  const generated = protos.map(p => join(scratchDir, basename(p, '.proto') + '.ts'))
  execFileSync(bin('tsc'), [
    '--ignoreConfig',
    '--declaration',
    '--target', 'es2023',
    '--module', 'nodenext',
    '--moduleResolution', 'nodenext',
    '--skipLibCheck',
    '--types', 'node',
    '--rootDir', scratchDir,
    '--outDir', protoDir,
    ...generated
  ], { stdio: 'inherit', cwd: root })
  for (const proto of protos) {
    const stem = basename(proto, '.proto')
    const header = `// Generated from ${proto} by scripts/gen-proto.ts (protons + tsc). Do not edit; run \`npm run gen:proto\`.\n`
    const js = join(protoDir, stem + '.js')
    writeFileSync(js, header + readFileSync(js, 'utf8'))
    const dts = join(protoDir, stem + '.d.ts')
    const declarations = readFileSync(dts, 'utf8').replace(/\bCodec<([\w.]+)>/g, 'Codec<$1, $1>')
    writeFileSync(dts, header + declarations)
    console.log(`node/protocol/${proto} -> ${stem}.js, ${stem}.d.ts`)
  }
} finally {
  rmSync(scratchDir, { recursive: true, force: true })
}
