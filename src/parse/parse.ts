import {z} from 'zod'
import {checkDocument, checkJob} from './check.js'
import {OptionsError, ValidationError} from '../errors.js'
import {type Issue, createIssue} from '../issues.js'
import {type JsonInput, type ReadResult, readJson} from './json-text.js'
import {type Document, type Job, lenientModel, strictModel} from '../model/index.js'
import type {Mode} from '../model/shared.js'
import {type Validator, createValidator} from './validator.js'
import {fromZodIssues} from './zod-issues.js'

export interface ParseOptions {
  /** `lenient` keeps unknown keys and block types; `strict` rejects them and fails on warnings (default: `lenient`). */
  mode?: Mode
}

/** The result of a `safeParse…` function: never throws. */
export type SafeParseResult<T> = {success: true; data: T} | {success: false; error: ValidationError}

/**
 * The schemas, compiled on first use: zod's generated fast path for valid input, which falls back
 * to the runtime parser (and its precise issues) whenever the input is invalid. Where code
 * generation is unavailable (a strict CSP), the runtime schema is used as is.
 */
const compiled = new Map<z.ZodType, z.ZodType>()
function fast(schema: z.ZodType): z.ZodType {
  let fastSchema = compiled.get(schema)
  if (!fastSchema) {
    try {
      fastSchema = z.compile(schema)
    } catch {
      fastSchema = schema
    }
    compiled.set(schema, fastSchema)
  }
  return fastSchema
}

function safeParseWith<T>(
  read: () => ReadResult,
  options: ParseOptions,
  subject: string,
  schemaOf: (model: typeof lenientModel) => z.ZodType,
  check: (value: T) => Issue[]
): SafeParseResult<T> {
  const mode = options?.mode ?? 'lenient'
  if (mode !== 'lenient' && mode !== 'strict') throw new OptionsError(`mode: expected "lenient" or "strict", got ${JSON.stringify(mode)}`)
  try {
    return validate(read(), mode, subject, schemaOf, check)
  } catch (error) {
    // The value was vetted (cycles, holes, throwing getters); what still throws is reported, never thrown.
    const issue = createIssue(
      'unexpected_exception',
      [],
      `expected a value that validates without an exception, got ${describeException(error)}`
    )
    return {success: false, error: new ValidationError([issue], subject)}
  }
}

/** `RangeError: Maximum call stack size exceeded`, bounded, and safe on whatever was thrown. */
function describeException(error: unknown): string {
  try {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : `a thrown ${typeof error}`
    return text.length > 200 ? text.slice(0, 200) + '…' : text
  } catch {
    return 'an exception'
  }
}

function validate<T>(
  read: ReadResult,
  mode: Mode,
  subject: string,
  schemaOf: (model: typeof lenientModel) => z.ZodType,
  check: (value: T) => Issue[]
): SafeParseResult<T> {
  if (!read.ok) return {success: false, error: new ValidationError([read.issue], subject)}
  const model = mode === 'strict' ? strictModel : lenientModel
  let data: T
  // Parsed here, the value is nobody else's: valid, it is the result itself (the schemas only
  // check, they transform nothing), and the validator answers without copying it. Invalid input,
  // and a value from the caller (which gets a copy), go through zod for its issues.
  if (read.parsed && isValid(schemaOf(model), read.value)) data = read.value as T
  else {
    const result = fast(schemaOf(model)).safeParse(read.value)
    if (!result.success) return {success: false, error: new ValidationError(fromZodIssues(result.error.issues, read.value), subject)}
    data = result.data as T
  }
  if (mode === 'strict') {
    const warnings = check(data)
    if (warnings.length > 0) return {success: false, error: new ValidationError(warnings, subject)}
  }
  return {success: true, data}
}

/** One validator per schema, made on first use (see `createValidator`). */
const validators = new Map<z.ZodType, Validator>()
function isValid(schema: z.ZodType, value: unknown): boolean {
  let validator = validators.get(schema)
  if (!validator) validators.set(schema, (validator = createValidator(schema)))
  return validator(value)
}

function unwrap<T>(result: SafeParseResult<T>): T {
  if (!result.success) throw result.error
  return result.data
}

/**
 * Validates a document and returns it typed. Never throws, whatever the input (cycles, throwing
 * getters, proxies, sparse arrays, deep nesting give issues); only an invalid `mode` throws `OptionsError`.
 *
 * @example
 * const result = safeParseDocument(fs.readFileSync('doc.json'))
 * if (!result.success) console.error(result.error.message)
 */
export function safeParseDocument(input: JsonInput, options: ParseOptions = {}): SafeParseResult<Document> {
  return safeParseWith<Document>(() => readJson(input), options, 'document', (model) => model.Document, checkDocument)
}

/**
 * Validates a document (JSON text, UTF-8 bytes or a parsed value) and returns it typed.
 * Throws `ValidationError` listing every issue with its path.
 *
 * @example
 * const doc = parseDocument('{"source": …, "extraction": …, "pages": […]}')
 */
export function parseDocument(input: JsonInput, options: ParseOptions = {}): Document {
  return unwrap(safeParseDocument(input, options))
}

/** Validates a job response and returns it typed. Never throws, whatever the input; only an invalid `mode` throws `OptionsError`. */
export function safeParseJob(input: JsonInput, options: ParseOptions = {}): SafeParseResult<Job> {
  return safeParseWith<Job>(() => readJson(input), options, 'job', (model) => model.Job, checkJob)
}

/**
 * Validates a job response (GET /v1/jobs/{id}), status invariants included, and returns it typed.
 * Throws `ValidationError`.
 *
 * @example
 * const job = parseJob(await response.text())
 * if (job.status === 'completed') console.log(job.document?.pages.length)
 */
export function parseJob(input: JsonInput, options: ParseOptions = {}): Job {
  return unwrap(safeParseJob(input, options))
}

/**
 * `safeParseDocument` and `safeParseJob` for JSON already read with `readJson`, for a caller that
 * looks at the value before choosing the schema (the CLI): JSON parsed by `readJson` is used as it
 * is, without a copy, as when text is given.
 */
export function safeParseRead(read: ReadResult, subject: 'document' | 'job', options: ParseOptions = {}): SafeParseResult<Document | Job> {
  return subject === 'job'
    ? safeParseWith<Job>(() => read, options, 'job', (model) => model.Job, checkJob)
    : safeParseWith<Document>(() => read, options, 'document', (model) => model.Document, checkDocument)
}
