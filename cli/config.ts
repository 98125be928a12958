/**
 * Settings of `chordkv start` from three places, most specific first: command-line flags,
 * CHORDKV_* environment variables (CHORDKV_HTTP_PORT=8001, CHORDKV_BOOTSTRAP="MA1,MA2"), and a
 * JSON config file (--config FILE or CHORDKV_CONFIG). A setting given in a more specific place
 * replaces the others, repeatable ones included. Names are the flags' names: "http-port" in a
 * file (or "httpPort"), HTTP_PORT after CHORDKV_ in the environment.
 */
import { readFile } from 'node:fs/promises'
import { UsageError, UserError } from './errors.ts'

/** The options a command takes (node:util parseArgs shape). */
type OptionSpec = Readonly<Record<string, { readonly type: 'string' | 'boolean', readonly multiple?: boolean }>>

/** Options that never come from a file or the environment. */
const FLAG_ONLY = new Set(['help', 'config'])

/** "httpPort" → "http-port". */
function kebab (name: string): string {
  return name.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)
}

/** A config value as the strings a flag would give. */
function valueOf (name: string, spec: OptionSpec[string], value: unknown, where: string): string[] | boolean {
  if (spec.type === 'boolean') {
    if (typeof value === 'boolean') return value
    if (value === 'true' || value === '1') return true
    if (value === 'false' || value === '0' || value === '') return false
    throw new UsageError(`${where}: ${name} must be true or false, got ${JSON.stringify(value)}`)
  }
  const items = Array.isArray(value) ? value : [value]
  if (!spec.multiple && items.length !== 1) throw new UsageError(`${where}: ${name} takes one value, got ${items.length}`)
  return items.map(item => {
    if (typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item))) return String(item)
    if (item === null && name.endsWith('-port')) return 'off'
    throw new UsageError(`${where}: ${name} must be a string or a number, got ${JSON.stringify(item)}`)
  })
}

/**
 * Argument list equivalent to flags + environment + config file: the settings not given as
 * flags are appended as flags. Throws UsageError for an unknown setting in the file or a bad
 * value, UserError when the file cannot be read or parsed.
 */
export async function withConfig (args: readonly string[], given: Readonly<Record<string, unknown>>, spec: OptionSpec, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const out = [...args]
  const taken = new Set(Object.keys(given).filter(k => given[k] !== undefined))
  const add = (name: string, value: string[] | boolean): void => {
    taken.add(name)
    if (typeof value === 'boolean') {
      if (value) out.push(`--${name}`)
      return
    }
    for (const v of value) out.push(`--${name}`, v)
  }

  for (const [name, option] of Object.entries(spec)) {
    if (FLAG_ONLY.has(name) || taken.has(name)) continue
    const raw = env[`CHORDKV_${name.toUpperCase().replace(/-/g, '_')}`]
    if (raw === undefined) continue
    const value = option.type === 'string' && option.multiple === true ? raw.split(/[\s,]+/).filter(s => s !== '') : raw
    add(name, valueOf(name, option, value, `CHORDKV_${name.toUpperCase().replace(/-/g, '_')}`))
  }

  const file = typeof given.config === 'string' ? given.config : env.CHORDKV_CONFIG
  if (file !== undefined && file !== '') {
    let config: unknown
    try {
      config = JSON.parse(await readFile(file, 'utf8'))
    } catch (err) {
      throw new UserError(`cannot read the config file ${file}: ${(err as Error).message}`)
    }
    if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new UsageError(`the config file ${file} must hold a JSON object of settings`)
    for (const [key, value] of Object.entries(config)) {
      const name = kebab(key)
      const option = spec[name]
      if (option === undefined || FLAG_ONLY.has(name)) throw new UsageError(`the config file ${file} has an unknown setting ${JSON.stringify(key)}`)
      if (taken.has(name)) continue
      add(name, valueOf(name, option, value, `${file}`))
    }
  }
  return out
}
