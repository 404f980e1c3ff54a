// The data of one queue job: what to read, what to make of it, where to write it. No BullMQ here:
// `docmodel schema queue-job` and the producer's checks load this module alone.
import {basename, isAbsolute, join, resolve} from 'node:path'
import {z} from 'zod'
import {TOKENIZER_NAMES} from '../chunk/tokenizers.js'
import {IMAGE_POLICIES, PAGE_BREAKS} from '../render/types.js'
import {presets} from '../select/filter.js'
import type {Values} from '../cli/args.js'
import {byteSize} from '../cli/io.js'
import {JOB_ID_PATTERN, JOB_ID_RULE} from '../client/job-id.js'
import {outputFormats} from '../cli/batch/formats.js'

/** The formats a job can ask for: exactly `docmodel batch --to`'s. */
export const QUEUE_FORMATS = Object.keys(outputFormats) as [string, ...string[]]

/** A path: not empty, no NUL (no file system takes one: refused when queued, not retried as a failed write). */
const filePath = () => z.string().min(1).regex(/^[^\u0000]*$/, 'expected a path without a NUL character')

/** A file the worker can read (absolute, or relative to the worker's working directory). */
const PathInput = z.strictObject({path: filePath().describe('A JSON file (document or job response) on the worker\'s file system')})
/** A document or job response fetched over HTTP(S), at most `options.maxInputBytes`. */
const UrlInput = z.strictObject({
  url: z
    .url({protocol: /^https?$/})
    .meta({pattern: '^[Hh][Tt][Tt][Pp][Ss]?://'})
    .describe('An http: or https: URL of a JSON document or job response')
})
/** A job of the extraction API, waited for and fetched with the client (key in `DOCMODEL_API_KEY`). */
const JobIdInput = z.strictObject({
  jobId: z
    .string()
    .regex(new RegExp(JOB_ID_PATTERN), `expected a job id that is ${JOB_ID_RULE}`)
    .refine((id) => id.isWellFormed(), `expected a job id that is ${JOB_ID_RULE}`)
    .describe('An extraction API job id; the worker waits for it to finish, then converts its document')
})

const unit = () => z.number().min(0).max(1)
const whole = (min: number) => z.int().min(min).max(Number.MAX_SAFE_INTEGER)

/**
 * The conversion options: batch's flags, in camelCase (`--page-breaks rule` is `pageBreaks: 'rule'`,
 * `--no-headings` is `headings: false`). Each is optional; an absent one takes batch's default.
 */
export const QueueJobOptions = z
  .strictObject({
    furniture: z.boolean().optional().describe('Include page headers and footers (default: false)'),
    pageBreaks: z.enum(PAGE_BREAKS).optional().describe('none | rule | comment (default: none)'),
    images: z.enum(IMAGE_POLICIES).optional().describe('placeholder | embed | omit (default: placeholder)'),
    embeddedText: z.boolean().optional().describe('Render text found inside images (default: false)'),
    headingNumbering: z.boolean().optional().describe('Heading depth from section numbers, 2.1 → ### (default: true)'),
    order: z.enum(['index', 'geometry']).optional().describe('index | geometry: blocks by reading_order_index, or by the layout (default: index)'),
    direction: z.enum(['auto', 'ltr', 'rtl']).optional().describe('auto | ltr | rtl: columns read with order geometry (default: auto)'),
    preset: z
      .enum(Object.keys(presets) as [string, ...string[]])
      .optional()
      .describe('A selection preset; the other criteria narrow it'),
    minConfidence: unit().optional().describe('Keep blocks with confidence ≥ this (0–1)'),
    textSource: z
      .array(z.enum(['verified', 'inferred', 'derived']))
      .min(1)
      .optional()
      .describe('Keep blocks with these text sources'),
    maxTokens: whole(1).optional().describe('chunks: largest chunk in tokens (this or maxChars is required for chunks)'),
    maxChars: whole(1).optional().describe('chunks: largest chunk in characters'),
    tokenizer: z
      .enum(TOKENIZER_NAMES as [string, ...string[]])
      .optional()
      .describe('chunks: o200k_base | cl100k_base | chars (default: o200k_base)'),
    overlap: whole(0).optional().describe('chunks: tokens repeated from the previous chunk (default: 0)'),
    boundary: z.enum(['section', 'page', 'none']).optional().describe('chunks: section | page | none (default: section)'),
    mergeUnder: whole(0).optional().describe('chunks: merge a chunk below this many tokens with the next section (default: 0)'),
    headings: z.boolean().optional().describe('chunks: the heading path in contextualText (default: true)'),
    colorBy: z.enum(['type', 'text-source', 'confidence']).optional().describe('preview: type | text-source | confidence (default: type)'),
    orderNumbers: z.boolean().optional().describe('preview: draw the reading-order numbers and path (default: true)'),
    lowConfidence: unit().optional().describe('preview: mark blocks with confidence below this (default: 0.9)'),
    dpi: z.number().positive().max(1e6).optional().describe('preview: pixels per inch of bboxes in px units (default: guessed per page)'),
    strict: z.boolean().optional().describe('Parse the input strictly (default: false)'),
    kind: z.enum(['document', 'job']).optional().describe('document | job (default: told by the top-level keys)'),
    maxInputBytes: whole(1).optional().describe('Refuse a larger input (default: 512 MiB)')
  })
  .meta({
    id: 'QueueJobOptions',
    title: 'QueueJobOptions',
    description: "docmodel batch's flags in camelCase (--page-breaks rule is pageBreaks: 'rule', --no-headings is headings: false); each optional, batch's defaults"
  })

export type QueueJobOptions = z.infer<typeof QueueJobOptions>

/** The data of a `docmodel worker` job, checked by the producer and again by the worker before any work. */
export const QueueJobData = z
  .strictObject({
    input: z.union([PathInput, UrlInput, JobIdInput]).describe('What to convert: {path}, {url} or {jobId}'),
    to: z
      .array(z.enum(QUEUE_FORMATS))
      .min(1)
      .refine((formats) => new Set(formats).size === formats.length, 'expected each format once')
      .meta({uniqueItems: true})
      .describe(`The outputs, as docmodel batch --to: ${QUEUE_FORMATS.join(', ')}`),
    out: filePath().describe(
      'Where the outputs go: a directory (ending in /), where they are named after the input, or a prefix to which each format adds its extension (out/report → out/report.md)'
    ),
    options: QueueJobOptions.optional().describe('Render, selection, chunking, preview and input options, as batch\'s flags')
  })
  .meta({
    id: 'QueueJobData',
    title: 'QueueJobData',
    description: 'The data of a docmodel worker job (BullMQ): what to convert, to which formats, where to write'
  })

export type QueueJobData = z.infer<typeof QueueJobData>

/** The job data's JSON Schema (draft 2020-12), as `schemas/queue-job.schema.json` holds it. */
export function queueJobJsonSchema(): Record<string, unknown> {
  const {$schema, ...rest} = z.toJSONSchema(QueueJobData, {target: 'draft-2020-12', io: 'input'}) as Record<string, unknown>
  return {$schema, $id: 'https://docmodel.dev/schemas/queue-job.schema.json', ...rest}
}

/** Each option's batch flag: `[flag, negated]` (a negated flag is set when the option is `false`). */
const FLAGS: Record<keyof QueueJobOptions, readonly [string, boolean?]> = {
  furniture: ['furniture'],
  pageBreaks: ['page-breaks'],
  images: ['images'],
  embeddedText: ['embedded-text'],
  headingNumbering: ['no-heading-numbering', true],
  order: ['order'],
  direction: ['direction'],
  preset: ['preset'],
  minConfidence: ['min-confidence'],
  textSource: ['text-source'],
  maxTokens: ['max-tokens'],
  maxChars: ['max-chars'],
  tokenizer: ['tokenizer'],
  overlap: ['overlap'],
  boundary: ['boundary'],
  mergeUnder: ['merge-under'],
  headings: ['no-headings', true],
  colorBy: ['color-by'],
  orderNumbers: ['no-order', true],
  lowConfidence: ['low-confidence'],
  dpi: ['dpi'],
  strict: ['strict'],
  kind: ['kind'],
  maxInputBytes: ['max-input-bytes']
}

/** A number as batch's flags spell it: decimal digits, never an exponent (`1e-7` → `0.0000001`), exactly. */
function decimal(n: number): string {
  const plain = String(n)
  const match = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(plain)
  if (!match) return plain
  // The shortest digits that read back as n, with the point moved: the same number, spelled out.
  const digits = match[1]! + (match[2] ?? '')
  const exponent = Number(match[3])
  return exponent < 0 ? `0.${'0'.repeat(-exponent - 1)}${digits}` : digits + '0'.repeat(Math.max(0, exponent - digits.length + 1))
}

/** The options as batch's flag values, so a job is converted by the very code (and settings) batch uses. */
export function optionsToValues(options: QueueJobOptions = {}): Values {
  const values: Values = {}
  for (const [key, value] of Object.entries(options) as Array<[keyof QueueJobOptions, unknown]>) {
    if (value === undefined) continue
    const [flag, negated] = FLAGS[key]
    if (negated) {
      if (value === false) values[flag] = true
    } else if (typeof value === 'boolean') {
      if (value) values[flag] = true
    } else values[flag] = Array.isArray(value) ? value.join(',') : typeof value === 'number' ? decimal(value) : String(value)
  }
  return values
}

/** Batch's flag values as job options (the inverse of `optionsToValues`, for `docmodel enqueue`). */
export function valuesToOptions(values: Values): QueueJobOptions {
  const options: Record<string, unknown> = {}
  const numbers = new Set(['minConfidence', 'maxTokens', 'maxChars', 'overlap', 'mergeUnder', 'lowConfidence', 'dpi'])
  for (const [key, [flag, negated]] of Object.entries(FLAGS)) {
    const value = values[flag]
    if (value === undefined) continue
    if (negated) options[key] = value !== true
    else if (typeof value === 'boolean') options[key] = value
    else if (key === 'textSource') options[key] = String(value).split(',').map((s) => s.trim()).filter(Boolean)
    else if (key === 'maxInputBytes') options[key] = byteSize(flag, String(value))
    else options[key] = numbers.has(key) ? Number(value) : value
  }
  return options as QueueJobOptions
}

/** What the input is called in messages and results. */
export function inputName(input: QueueJobData['input']): string {
  return 'path' in input ? input.path : 'url' in input ? input.url : `job ${input.jobId}`
}

/** The stem outputs are named after when `out` is a directory: the input's file name without `.json`. */
function stemOf(input: QueueJobData['input']): string {
  const raw =
    'path' in input
      ? basename(input.path)
      : 'url' in input
        ? decodeSegment(new URL(input.url).pathname.split('/').filter(Boolean).pop() ?? '') || new URL(input.url).hostname
        : input.jobId
  // One safe file name: no separators, no leading dots, no control characters.
  const safe = raw.replace(/\.json$/i, '').replace(/[/\\\u0000-\u001f\u007f]/g, '_').replace(/^\.+/, '_')
  return safe === '' ? '_' : safe
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * The files a job writes, one per format: `out` + extension when `out` is a prefix, or
 * `out/<input name>` + extension when it ends in `/` — the names `docmodel batch` gives.
 */
export function outputsOf(data: QueueJobData, cwd: string): Array<{format: string; path: string}> {
  const isDirectory = /[/\\]$/.test(data.out)
  const out = isAbsolute(data.out) ? data.out : resolve(cwd, data.out)
  const base = isDirectory ? join(out, stemOf(data.input)) : out
  return data.to.map((format) => ({format, path: base + outputFormats[format]!.extension}))
}
