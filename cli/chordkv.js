#!/usr/bin/env node
// The `chordkv` bin: a shim that runs cli/main.ts on Node's TypeScript type stripping.
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 18) || (major === 23 && minor < 6)) {
  process.stderr.write(`chordkv needs Node >= 22.18 (TypeScript type stripping); this is Node ${process.versions.node}. ` +
    'Run `npx chordkv …` in the chordkv checkout, which uses the Node 24 it pins.\n')
  process.exit(1)
}
const { main } = await import('./main.ts')
const code = await main(process.argv.slice(2))
// Exit once stdout is flushed: a stopped peer may leave timers or sockets behind that would
// otherwise keep the process alive.
process.stdout.write('', () => process.exit(code))
