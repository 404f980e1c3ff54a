import {readFile, writeFile} from 'node:fs/promises'
import {OptionsError} from '../errors.js'
import type {Document, Job} from '../model/index.js'
import {safeParseDocument, safeParseJob} from '../parse/parse.js'
import type {Mode} from '../model/shared.js'

/** The process's streams and environment, injectable so commands stay testable. */
export interface CliIo {
  stdin: NodeJS.ReadableStream & {isTTY?: boolean}
  stdout: NodeJS.WritableStream & {isTTY?: boolean}
  stderr: NodeJS.WritableStream & {isTTY?: boolean}
  env: Record<string, string | undefined>
}

/** A command line that makes no sense: exit code 2. */
export class UsageError extends OptionsError {}

/** Input that cannot be used: a file that cannot be read or written, a job without a document. Exit code 3. */
export class InputError extends Error {
  override readonly name = 'InputError'
}

export const EXAMPLE_URL = new URL('../../examples/quarterly-report.json', import.meta.url)

/** The bytes of a file, of stdin for `-` (or nothing when stdin is piped), or of the fallback. */
export async function readInput(file: string | undefined, io: CliIo, fallback?: URL): Promise<{bytes: Uint8Array; name: string}> {
  if (file === undefined && fallback) return {bytes: await readFile(fallback), name: 'the bundled example'}
  if (file === undefined && io.stdin.isTTY) throw new UsageError('no input: give a file, or pipe JSON to stdin (or use -)')
  if (file === undefined || file === '-') {
    const chunks: Buffer[] = []
    for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
    return {bytes: Buffer.concat(chunks), name: 'stdin'}
  }
  try {
    return {bytes: await readFile(file), name: file}
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
}

export type Parsed = {kind: 'document'; document: Document} | {kind: 'job'; job: Job; document: Document | null}

/** Parses a job response or a bare document, told apart by `job_id` / `status`; throws ValidationError. */
export function parseInput(bytes: Uint8Array, mode: Mode): Parsed {
  if (looksLikeJob(bytes)) {
    const result = safeParseJob(bytes, {mode})
    if (!result.success) throw result.error
    return {kind: 'job', job: result.data, document: result.data.document}
  }
  const result = safeParseDocument(bytes, {mode})
  if (!result.success) throw result.error
  return {kind: 'document', document: result.data}
}

/** A cheap look at the top-level keys (JSON parsing happens once, in the parse function). */
export function looksLikeJob(bytes: Uint8Array): boolean {
  const text = new TextDecoder().decode(bytes.subarray(0, 1 << 20))
  return /"job_id"\s*:/.test(text) && /"status"\s*:/.test(text)
}

/** Writes to the output file, or to stdout. */
export async function writeOutput(text: string, output: string | undefined, io: CliIo): Promise<void> {
  if (output === undefined) {
    io.stdout.write(text)
    return
  }
  try {
    await writeFile(output, text)
  } catch (error) {
    throw new InputError(`cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
}

/** A comma-separated list flag. */
export const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')

/** A number flag in [0, 1]. */
export function unitNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (value.trim() === '' || !(number >= 0 && number <= 1))
    throw new UsageError(`--${name}: expected a number in [0, 1], got ${JSON.stringify(value)}`)
  return number
}

/** One of a fixed set of values. */
export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${name}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`)
  return value as T
}
