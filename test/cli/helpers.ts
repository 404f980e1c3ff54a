import {mkdtempSync, readdirSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable, Writable} from 'node:stream'
import {wholeReads} from '../../src/cli/input.js'
import {runCli} from '../../src/cli/run.js'
import {EXAMPLE, repoPath} from '../helpers/paths.js'

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

/** The JSON files under `dir`, at any depth. */
function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : []
  })
}

/**
 * Every JSON fixture and the bundled example, for the page-by-page tests. The reading-order
 * measurement sets (corpus/docling-layout/) only when asked: they add pages, not shapes the
 * page-by-page reading has not met in the other fixtures.
 */
export function fixtureFiles({layoutSets = false} = {}): string[] {
  const files = jsonFiles(repoPath('test/fixtures'))
  return [...(layoutSets ? files : files.filter((file) => !file.includes('/docling-layout/'))), repoPath(EXAMPLE)]
}

/**
 * `run` page by page, then read whole (`DOCMODEL_WHOLE_READ=1`), with the whole reads each made
 * (`parseInput` calls, counted: the paged runs must not be whole reads in disguise).
 */
export async function pagedThenWhole<T>(run: (env: Record<string, string>) => Promise<T>): Promise<{paged: T; whole: T; pagedReads: number; wholeReads: number}> {
  wholeReads.count = 0
  const paged = await run({})
  const pagedReads = wholeReads.count
  wholeReads.count = 0
  const whole = await run({DOCMODEL_WHOLE_READ: '1'})
  return {paged, whole, pagedReads, wholeReads: wholeReads.count}
}
