import type {ParseArgsConfig} from 'node:util'
import type {CliIo} from './io.js'

type Values = Record<string, string | boolean | Array<string | boolean> | undefined>

/** One subcommand: its help, its flags (for `node:util` parseArgs) and what it does. */
export interface Command {
  name: string
  summary: string
  help: string
  options: NonNullable<ParseArgsConfig['options']>
  run(values: Values, positionals: string[], io: CliIo): Promise<number>
}

/** Exit codes, documented in the README. */
export const EXIT = {ok: 0, unexpected: 1, usage: 2, invalid: 3, api: 4} as const

/** Flags every command takes. */
export const commonOptions = {
  help: {type: 'boolean', short: 'h'},
  debug: {type: 'boolean'}
} as const
