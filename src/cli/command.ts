import {type OptionSpecs, type Values, oneOf} from './args.js'
import {type CliIo, DEFAULT_MAX_INPUT_BYTES, byteSize} from './io.js'

/** One subcommand: its help (with examples), its flags (for `node:util` parseArgs) and what it does. */
export interface Command {
  name: string
  summary: string
  help: string
  options: OptionSpecs
  /** Returns the exit code; throws `UsageError`, `InputError`, `ValidationError`, client errors. */
  run(values: Values, positionals: string[], io: CliIo): Promise<number>
}

/**
 * A row of the command table: enough for `docmodel --help`; `load` imports the command's module
 * only when it runs, so start-up never pays for KaTeX, unified or zod.
 */
export interface CommandEntry {
  name: string
  summary: string
  load: () => Promise<Command>
}

/** Exit codes, documented in the README and in `docmodel --help`. */
export const EXIT = {ok: 0, unexpected: 1, usage: 2, invalid: 3, api: 4, interrupted: 130} as const

/** Flags every command takes. */
export const commonOptions = {
  help: {type: 'boolean', short: 'h'},
  debug: {type: 'boolean'}
} as const satisfies OptionSpecs

/** Flags of the commands that read one document or job. */
export const inputOptions = {
  kind: {type: 'string'},
  strict: {type: 'boolean'},
  'max-input-bytes': {type: 'string'}
} as const satisfies OptionSpecs

export const inputHelp = `      --kind <kind>            document | job (default: a job when the top level has job_id and status)
      --strict                 parse strictly (unknown keys and warnings fail)
      --max-input-bytes <n>    refuse larger input (default: 512M; suffixes K, M, G)`

/** `-o` and `--compact`, for the commands that print. */
export const outputOptions = {output: {type: 'string', short: 'o'}} as const satisfies OptionSpecs
export const outputHelp = `  -o, --output <file>          write to this file instead of stdout (- for stdout)`
export const compactOptions = {compact: {type: 'boolean'}} as const satisfies OptionSpecs
export const compactHelp = `      --compact                JSON on one line`

/** What the input flags ask for. */
export function inputSettings(values: Values): {mode: 'strict' | 'lenient'; kind: 'document' | 'job' | undefined; maxBytes: number} {
  return {
    mode: values.strict ? 'strict' : 'lenient',
    kind: oneOf('--kind', values.kind as string | undefined, ['document', 'job'] as const),
    maxBytes: byteSize('max-input-bytes', values['max-input-bytes'] as string | undefined) ?? DEFAULT_MAX_INPUT_BYTES
  }
}
