import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable, Writable} from 'node:stream'
import {runCli} from '../../src/cli/run.js'

export interface Run {
  code: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  /** What stdin holds; `tty` for an interactive terminal (nothing piped). Default: empty pipe. */
  stdin?: string | Buffer | 'tty' | Readable
  stdoutTTY?: boolean
  stderrTTY?: boolean
  env?: Record<string, string>
  cwd?: string
  signal?: AbortSignal
  /** Receives stderr as it is written (to react to progress). */
  onStderr?: (chunk: string) => void
}

/** A writable keeping what it is given, claiming to be a terminal or not. */
export function sink(isTTY: boolean, onChunk?: (chunk: string) => void) {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk))
      onChunk?.(String(chunk))
      done()
    }
  })
  return Object.assign(stream, {isTTY, chunks, text: () => chunks.join('')})
}

/** Runs the CLI in this process, through `runCli`, with injected streams. */
export async function cli(args: string[], options: RunOptions = {}): Promise<Run> {
  const {stdin = ''} = options
  const input =
    stdin === 'tty'
      ? Object.assign(Readable.from([]), {isTTY: true})
      : stdin instanceof Readable
        ? stdin
        : Readable.from(typeof stdin === 'string' ? (stdin === '' ? [] : [Buffer.from(stdin)]) : [stdin])
  const stdout = sink(options.stdoutTTY ?? false)
  const stderr = sink(options.stderrTTY ?? false, options.onStderr)
  const code = await runCli(args, {
    stdin: input,
    stdout,
    stderr,
    env: options.env ?? {},
    ...(options.cwd ? {cwd: options.cwd} : {}),
    ...(options.signal ? {signal: options.signal} : {})
  })
  return {code, stdout: stdout.text(), stderr: stderr.text()}
}

/** A fresh temporary directory. */
export const tempDir = () => mkdtempSync(join(tmpdir(), 'docmodel-cli-'))
