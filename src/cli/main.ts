#!/usr/bin/env node
import {getEventListeners} from 'node:events'
import {mainHelp, version} from './commands.js'
import {yieldToMainThread} from './threads.js'

// A reader that stops early (`| head -1`) closes stdout: later writes are dropped and the exit
// code stays the command's own. Any other failure to write stdout is exit code 3.
let stdoutError: NodeJS.ErrnoException | undefined
const noteStdoutError = (error: NodeJS.ErrnoException | null | undefined) => {
  if (error && error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') stdoutError ??= error
}
process.stdout.on('error', noteStdoutError)
// A closed or full stderr cannot be reported anywhere; it must not change the exit code.
process.stderr.on('error', () => {})

// SIGINT/SIGTERM: a command listening to the signal (batch) stops cleanly; otherwise, or on a
// second signal, exit at once with 128 + the signal number.
const controller = new AbortController()
for (const [signal, number] of [
  ['SIGINT', 2],
  ['SIGTERM', 15]
] as const)
  process.on(signal, () => {
    if (controller.signal.aborted || getEventListeners(controller.signal, 'abort').length === 0) process.exit(128 + number)
    controller.abort(signal)
  })

const argv = process.argv.slice(2)
const only = argv.length === 1 ? argv[0] : undefined
// The answers people time: given without loading the rest of the CLI.
const quick = only === '--version' || only === '-v' ? `${version()}\n` : only === '--help' || only === '-h' ? mainHelp() : undefined
// A command's work runs on the main thread: V8's compiler threads take what it leaves (see `yieldToMainThread`).
if (quick === undefined) yieldToMainThread()
const {runCli} = quick === undefined ? await import('./run.js') : {runCli: undefined}
const code = runCli
  ? await runCli(argv, {
      // stdin is opened only if a command reads it (or asks whether it is a terminal).
      get stdin() {
        return process.stdin
      },
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      signal: controller.signal
    })
  : (process.stdout.write(quick!), 0)

process.exitCode = code
// Flushes stdout before deciding: a write that fails late still counts. A lost answer is always
// said, and is exit code 3 in place of 0 and of diff's 1 ("the documents differ", whose report was
// lost); a failure the command reported itself keeps its code.
process.stdout.write('', (error) => {
  noteStdoutError(error)
  if (stdoutError) {
    process.stderr.write(`docmodel: cannot write to stdout: ${describe(stdoutError)}\n`)
    if (code <= 1) process.exitCode = 3
  }
})

function describe(error: NodeJS.ErrnoException): string {
  return error.code === 'ENOSPC' ? 'no space left on the device (ENOSPC)' : (error.code ?? error.message)
}
