/**
 * `npm run jepsen -- [--workload w1|w6|all] [--time SECONDS] [--seed S] [--seeds N]
 *                    [--backend process|sim] [--clients N] [--faults a,b] [--artifacts DIR]
 *                    [--save-artifacts always|on-failure|never]`
 *
 * Runs Jepsen-style soaks and prints one report per run. Exit code 0 when every run passed
 * (zero violations), 1 when one failed (its artifacts directory is printed), 2 on a usage
 * error. Default: every workload, 60 s, seed 1, the process backend.
 */
import { parseArgs } from 'node:util'
import { createBackend, BACKENDS } from './backends.ts'
import type { BackendName } from './backends.ts'
import { formatReport, runJepsen, WORKLOADS } from './runner.ts'
import type { WorkloadName } from './runner.ts'
import { ALL_FAULTS } from './types.ts'
import type { FaultKind } from './types.ts'

const USAGE = `usage: npm run jepsen -- [--workload w1|w6|all] [--time SECONDS] [--seed S] [--seeds N]
                        [--backend process|sim] [--clients N] [--faults ${ALL_FAULTS.join(',')}]
                        [--artifacts DIR] [--save-artifacts always|on-failure|never] [--quiet]
--faults none runs without faults (w6 still replaces the group).`

function usage (message: string): never {
  process.stderr.write(`jepsen: ${message}\n${USAGE}\n`)
  process.exit(2)
}

async function main (): Promise<void> {
  let values
  try {
    ({ values } = parseArgs({
      options: {
        workload: { type: 'string', default: 'all' },
        time: { type: 'string', default: '60' },
        seed: { type: 'string', default: '1' },
        seeds: { type: 'string', default: '1' },
        backend: { type: 'string', default: 'process' },
        clients: { type: 'string', default: '8' },
        faults: { type: 'string' },
        artifacts: { type: 'string' },
        'save-artifacts': { type: 'string', default: 'on-failure' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false }
      },
      strict: true
    }))
  } catch (err) {
    usage((err as Error).message)
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const workloads: WorkloadName[] = values.workload === 'all' ? [...WORKLOADS] : values.workload.split(',').map(w => {
    if (!(WORKLOADS as readonly string[]).includes(w)) usage(`unknown workload ${JSON.stringify(w)} (implemented: ${WORKLOADS.join(', ')}; W2–W5 wait for the coordination recipes)`)
    return w as WorkloadName
  })
  const timeS = Number(values.time)
  if (!(timeS > 0)) usage(`--time must be a positive number of seconds, got ${values.time}`)
  const seed = Number(values.seed)
  const seeds = Number(values.seeds)
  const clients = Number(values.clients)
  if (!Number.isInteger(seed) || seed < 0) usage(`--seed must be a non-negative integer, got ${values.seed}`)
  if (!Number.isInteger(seeds) || seeds < 1) usage(`--seeds must be a positive integer, got ${values.seeds}`)
  if (!Number.isInteger(clients) || clients < 1) usage(`--clients must be a positive integer, got ${values.clients}`)
  if (!(BACKENDS as readonly string[]).includes(values.backend)) usage(`--backend must be one of ${BACKENDS.join(', ')}`)
  const save = values['save-artifacts']
  if (save !== 'always' && save !== 'on-failure' && save !== 'never') usage('--save-artifacts must be always, on-failure or never')
  const faults = values.faults === 'none' ? [] : values.faults?.split(',').map(f => {
    if (!(ALL_FAULTS as readonly string[]).includes(f)) usage(`unknown fault ${JSON.stringify(f)}`)
    return f as FaultKind
  })
  let failed = false
  for (let s = seed; s < seed + seeds; s++) {
    for (const workload of workloads) {
      const backend = await createBackend(values.backend as BackendName, { seed: s, onProgress: values.quiet ? undefined : line => { process.stderr.write(`${line}\n`) } })
      try {
        const result = await runJepsen(backend, {
          workload,
          seed: s,
          timeMs: timeS * 1000,
          clients,
          ...(faults === undefined ? {} : { faults }),
          ...(values.artifacts === undefined ? {} : { artifactsDir: values.artifacts }),
          saveArtifacts: save,
          onProgress: values.quiet ? undefined : line => { process.stderr.write(`[${workload} seed ${s}] ${line}\n`) }
        })
        process.stdout.write(`${formatReport(result)}\n\n`)
        if (!result.ok) failed = true
      } finally {
        await backend.close()
      }
    }
  }
  process.exitCode = failed ? 1 : 0
}

main().catch(err => {
  process.stderr.write(`jepsen: ${(err as Error).message}\n`)
  process.exitCode = 1
})
