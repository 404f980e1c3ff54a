import {ValidationError} from '../errors.js'
import type {Document, Job} from '../model/index.js'
import type {Mode} from '../model/shared.js'
import {readJson} from '../parse/json-text.js'
import {safeParseDocument, safeParseJob, safeParseRead} from '../parse/parse.js'
import {type Input, decodeInput} from './io.js'

export type Kind = 'document' | 'job'
export type Parsed = {kind: 'document'; document: Document} | {kind: 'job'; job: Job; document: Document | null}

/**
 * How many inputs were parsed whole (`parseInput`): the tests of the page-by-page paths read it to
 * prove those paths never fall back to a whole read unsaid (a module mock cannot: test files share
 * their worker's modules).
 */
export const wholeReads = {count: 0}

/**
 * A job response or a bare document: `kind` when given, else a job when the parsed value's top
 * level has both `job_id` and `status` (keys deeper down never count). Throws `ValidationError`
 * or `InputError`. Takes the input's bytes (see `takeText`).
 */
export function parseInput(input: Input, mode: Mode, kind?: Kind): Parsed {
  wholeReads.count++
  const read = readJson(takeText(input))
  if (!read.ok) throw new ValidationError([read.issue], kind ?? 'document')
  // Read here, the value is ours: parsed without a copy, as text would be.
  const subject = kind ?? kindOf(read.value)
  const result = safeParseRead(read, subject, {mode})
  if (!result.success) throw result.error
  if (subject === 'document') return {kind: 'document', document: result.data as Document}
  const job = result.data as Job
  return {kind: 'job', job, document: job.document}
}

/**
 * `parseInput` for a command's own input: a failure names the file (`Invalid report.json (3
 * issues):`, `Invalid stdin …`), as every command says it. (Batch names each file in its own line.)
 */
export function parseNamedInput(input: Input, mode: Mode, kind?: Kind): Parsed {
  try {
    return parseInput(input, mode, kind)
  } catch (error) {
    throw error instanceof ValidationError ? new ValidationError(error.issues, input.name) : error
  }
}

/** `parseInput` for a value already read. */
export function parseValue(value: unknown, mode: Mode, kind?: Kind): Parsed {
  if ((kind ?? kindOf(value)) === 'job') {
    const result = safeParseJob(value, {mode})
    if (!result.success) throw result.error
    return {kind: 'job', job: result.data, document: result.data.document}
  }
  const result = safeParseDocument(value, {mode})
  if (!result.success) throw result.error
  return {kind: 'document', document: result.data}
}

/** The JSON value of the input; invalid JSON throws `ValidationError` with the line and column. */
export function readValue(input: Input, kind?: Kind): unknown {
  const result = readJson(decodeInput(input))
  if (!result.ok) throw new ValidationError([result.issue], kind ?? 'document')
  return result.value
}

/** What the top-level keys say the value is. */
export function kindOf(value: unknown): Kind {
  return typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.hasOwn(value, 'job_id') &&
    Object.hasOwn(value, 'status')
    ? 'job'
    : 'document'
}

/**
 * The input decoded, its bytes let go (`input.bytes` emptied): a large input is then not held
 * twice, as bytes and as text, while it is parsed. For an input nothing reads again.
 */
export function takeText(input: Input): string {
  const text = decodeInput(input)
  input.bytes = new Uint8Array(0)
  return text
}
