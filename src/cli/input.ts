import {ValidationError} from '../errors.js'
import type {Document, Job} from '../model/index.js'
import type {Mode} from '../model/shared.js'
import {type ReadResult, readJson} from '../parse/json-text.js'
import type {SafeParseResult} from '../parse/parse.js'
import {lenientValidator} from '../parse/planned.js'
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
export async function parseInput(input: Input, mode: Mode, kind?: Kind): Promise<Parsed> {
  wholeReads.count++
  const read = readJson(takeText(input))
  if (!read.ok) throw new ValidationError([read.issue], kind ?? 'document')
  // Read here, the value is ours: parsed without a copy, as text would be.
  const subject = kind ?? kindOf(read.value)
  const result = await parseRead(read, subject, mode)
  if (!result.success) throw result.error
  if (subject === 'document') return {kind: 'document', document: result.data as Document}
  const job = result.data as Job
  return {kind: 'job', job, document: job.document}
}

/**
 * `safeParseRead` for the CLI: a value valid in lenient mode (the default) is judged by the plan
 * generated from the schemas (src/parse/planned.ts) without loading zod; anything else (an invalid
 * value, whose issues are zod's, strict mode, a caller's value) by zod, loaded then.
 */
export async function parseRead(read: ReadResult, subject: Kind, mode: Mode): Promise<SafeParseResult<Document | Job>> {
  if (read.ok && read.parsed && mode === 'lenient' && lenientValidator(subject === 'job' ? 'Job' : 'Document')(read.value))
    return {success: true, data: read.value as Document | Job}
  const {safeParseRead} = await import('../parse/parse.js')
  return safeParseRead(read, subject, {mode})
}

/**
 * `parseInput` for a command's own input: a failure names the file (`Invalid report.json (3
 * issues):`, `Invalid stdin …`), as every command says it. (Batch names each file in its own line.)
 */
export async function parseNamedInput(input: Input, mode: Mode, kind?: Kind): Promise<Parsed> {
  try {
    return await parseInput(input, mode, kind)
  } catch (error) {
    throw error instanceof ValidationError ? new ValidationError(error.issues, input.name) : error
  }
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
