import {readFileSync} from 'node:fs'
import {parseArgs} from 'node:util'
import {ApiError, JobFailedError, NetworkError, TimeoutError} from '../client/errors.js'
import {OptionsError, ValidationError} from '../errors.js'
import {formatIssue} from '../parse/issues.js'
import {type Command, EXIT, commonOptions} from './command.js'
import {chunkCommand} from './commands/chunk.js'
import {filterCommand} from './commands/filter.js'
import {jobCommand} from './commands/job.js'
import {renderCommand} from './commands/render.js'
import {schemaCommand} from './commands/schema.js'
import {statsCommand} from './commands/stats.js'
import {validateCommand} from './commands/validate.js'
import {type CliIo, InputError} from './io.js'

const commands: Command[] = [renderCommand, validateCommand, filterCommand, statsCommand, schemaCommand, jobCommand, chunkCommand]

const version = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}).version

const mainHelp = () => `docmodel ${version()}: parse, validate, filter and render extraction documents

Usage: docmodel <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

Options:
  -h, --help      help (also after a command: docmodel render --help)
  -v, --version   the version
      --debug     print stack traces of unexpected errors

Exit codes: 0 ok · 1 unexpected error · 2 usage · 3 invalid input · 4 API or network failure
`

/** Runs the CLI and returns its exit code; never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug')
  const fail = (code: number, message: string) => {
    io.stderr.write(`docmodel: ${message}\n`)
    return code
  }
  try {
    const [name, ...rest] = argv
    if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
      io.stdout.write(mainHelp())
      return name === undefined ? EXIT.usage : EXIT.ok
    }
    if (name === '-v' || name === '--version') {
      io.stdout.write(`${version()}\n`)
      return EXIT.ok
    }
    const command = commands.find((c) => c.name === name)
    if (!command) return fail(EXIT.usage, `unknown command ${JSON.stringify(name)}; try docmodel --help`)
    let parsed: ReturnType<typeof parseArgs>
    try {
      parsed = parseArgs({args: rest, options: {...commonOptions, ...command.options}, allowPositionals: true, strict: true})
    } catch (error) {
      return fail(EXIT.usage, `${(error as Error).message.split('\n')[0]}\n\n${command.help}`)
    }
    if (parsed.values.help) {
      io.stdout.write(command.help + '\n')
      return EXIT.ok
    }
    return await command.run(parsed.values, parsed.positionals, io)
  } catch (error) {
    if (error instanceof OptionsError) return fail(EXIT.usage, error.message)
    if (error instanceof ValidationError) {
      io.stderr.write(`docmodel: ${error.message.split('\n')[0]}\n`)
      for (const issue of error.issues) io.stderr.write(`${issue.severity} ${formatIssue({...issue, severity: 'error'})}\n`)
      return EXIT.invalid
    }
    if (error instanceof InputError) return fail(EXIT.invalid, error.message)
    if (error instanceof ApiError || error instanceof NetworkError || error instanceof TimeoutError || error instanceof JobFailedError)
      return fail(EXIT.api, error.message)
    const message = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error)
    return fail(EXIT.unexpected, `unexpected error: ${message}${debug ? '' : ' (run with --debug for details)'}`)
  }
}
