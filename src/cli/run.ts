import {DocmodelError, ValidationError} from '../errors.js'
import {formatIssue} from '../issues.js'
import {didYouMean, parseCommandLine} from './args.js'
import {EXIT, commonOptions} from './command.js'
import {commands, mainHelp, version} from './commands.js'
import type {CliIo} from './io.js'
import {escapeControl} from './terminal.js'

/** Runs the CLI and returns its exit code; never throws, whatever the streams do. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug')
  const args = argv.filter((arg) => arg !== '--debug')
  const fail = (code: number, message: string) => {
    writeSafely(io.stderr, `docmodel: ${escapeControl(message)}\n`)
    return code
  }
  try {
    const [name, ...rest] = args
    if (name === undefined) {
      io.stderr.write(mainHelp())
      return EXIT.usage
    }
    if (name === '-h' || name === '--help' || (name === 'help' && rest.length === 0)) {
      io.stdout.write(mainHelp())
      return EXIT.ok
    }
    if (name === '-v' || name === '--version') {
      io.stdout.write(`${version()}\n`)
      return EXIT.ok
    }
    const wanted = name === 'help' ? rest[0]! : name
    const entry = commands.find((c) => c.name === wanted)
    if (!entry)
      return fail(
        EXIT.usage,
        `unknown command ${JSON.stringify(wanted)}${didYouMean(
          wanted,
          commands.map((c) => c.name)
        )}; see docmodel --help`
      )
    const command = await entry.load()
    if (name === 'help') {
      io.stdout.write(command.help + '\n')
      return EXIT.ok
    }
    const {values, positionals} = parseCommandLine(rest, {...commonOptions, ...command.options})
    if (values.help) {
      io.stdout.write(command.help + '\n')
      return EXIT.ok
    }
    return await command.run(values, positionals, io)
  } catch (error) {
    return report(error, debug, fail, io)
  }
}

/** The exit code of an error, and its lines on stderr. */
function report(error: unknown, debug: boolean, fail: (code: number, message: string) => number, io: CliIo): number {
  const name = error instanceof DocmodelError ? error.name : undefined
  if (name === 'UsageError' || name === 'OptionsError') return fail(EXIT.usage, (error as Error).message)
  if (error instanceof ValidationError) {
    fail(EXIT.invalid, error.message.split('\n')[0]!)
    for (const issue of error.issues)
      writeSafely(io.stderr, escapeControl(`${issue.severity} ${formatIssue({...issue, severity: 'error'})}\n`))
    return EXIT.invalid
  }
  if (name === 'InputError') return fail(EXIT.invalid, (error as Error).message)
  if (name === 'ApiError' || name === 'NetworkError' || name === 'TimeoutError' || name === 'JobFailedError')
    return fail(EXIT.api, (error as Error).message)
  const message = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error)
  return fail(EXIT.unexpected, `unexpected error: ${message}${debug ? '' : ' (run with --debug for details)'}`)
}

/** A closed or full stderr must not turn a documented exit code into a crash. */
function writeSafely(stream: NodeJS.WritableStream, text: string): void {
  try {
    stream.write(text)
  } catch {
    // nowhere left to say it
  }
}
