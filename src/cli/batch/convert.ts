import {createWriteStream} from 'node:fs'
import {rename, rm} from 'node:fs/promises'
import {dirname} from 'node:path'
import {finished} from 'node:stream/promises'
import {threadId} from 'node:worker_threads'
import {DocmodelError, ValidationError} from '../../errors.js'
import {formatIssue} from '../../issues.js'
import type {Values} from '../args.js'
import type {Mode} from '../../model/shared.js'
import {inputSettings} from '../command.js'
import {type Kind, parseInput} from '../input.js'
import {type Input, makeDirectory, readLimited, temporaryBeside, writeBatched} from '../io.js'
import {type PagedDocument, openPagedInput, surveyPaged} from '../paged.js'
import {countBlocks} from '../selection.js'
import {type FormatSettings, formatSettings, outputFormats} from './formats.js'
import {sha256} from './state.js'

/** One input and the files to write from it. */
export interface Task {
  name: string
  path: string
  outputs: Array<{format: string; path: string}>
}

/** What became of one input. */
export interface TaskResult {
  status: 'converted' | 'failed'
  /** Blocks in the input document (before any selection); null when it could not be parsed. */
  blocks: number | null
  warnings: string[]
  ms: number
  error?: string
  /** `sha256:<hex>` of the input bytes the outputs were made from (when they were). */
  inputHash?: string
}

/** The flags a worker needs, as plain values (they cross the thread boundary). */
export interface BatchConfig {
  values: Values
  /** The `--to` formats, so the settings they need are checked and built. */
  formats: string[]
  /** Read every input whole, never page by page (DOCMODEL_WHOLE_READ=1: for comparisons, the benches, the tests). */
  wholeRead?: boolean
}

/** A converter for one worker: settings are built once, then each task is read, parsed, converted and written. */
export function createConverter(config: BatchConfig): (task: Task) => Promise<TaskResult> {
  const {mode, kind, maxBytes} = inputSettings(config.values)
  const settings: FormatSettings = formatSettings(config.values, config.formats)
  // Hashed first, then parsed: parsing takes the bytes (from the input), so they are not held
  // while the document is converted (and this frame, which held them, is gone).
  const readTask = async (task: Task) => {
    const bytes = await readLimited(task.path, task.name, maxBytes)
    return {inputHash: sha256(bytes), input: {bytes, name: task.name, path: task.path} as Input}
  }
  return async (task) => {
    const started = performance.now()
    let blocks: number | null = null
    try {
      const {input, inputHash} = await readTask(task)
      // Page by page from the bytes when it can.
      const paged = config.wholeRead ? undefined : await convertPaged(input, task, settings, mode, kind)
      if (paged) return {status: 'converted', blocks: paged.blocks, warnings: paged.warnings, ms: performance.now() - started, inputHash}
      const parsed = await parseInput(input, mode, kind)
      if (!parsed.document) throw new Error(`the job has no document (status "${parsed.kind === 'job' ? parsed.job.status : ''}")`)
      blocks = countBlocks(parsed.document)
      const warnings: string[] = []
      for (const output of task.outputs) {
        const {pieces, warnings: more} = await outputFormats[output.format]!.convert(parsed.document, settings)
        await writeAtomically(output.path, pieces)
        warnings.push(...more) // complete once the pieces are written
      }
      return {status: 'converted', blocks, warnings, ms: performance.now() - started, inputHash}
    } catch (error) {
      return {status: 'failed', blocks, warnings: [], ms: performance.now() - started, error: describeFailure(error)}
    }
  }
}

/**
 * The task's outputs made from its input read page by page (see `openPagedInput`), so the whole
 * parsed document is never held: when every output can be made so (markdown, chunks). The first
 * output validates every page as it is written (skimmed first, each page validated as it is read,
 * any left unread after; with the layout order, every page first), so an invalid one leaves no
 * file; the later outputs read pages known valid. Undefined when the input is to be read whole:
 * another format, strict mode, or any failure (an invalid page, a failed write), which the whole
 * read then meets again and reports in the same words (rewriting the same bytes first, when a
 * later output failed: rare, and the same files and report).
 */
async function convertPaged(
  input: Input,
  task: Task,
  settings: FormatSettings,
  mode: Mode,
  kind: Kind | undefined
): Promise<{blocks: number; warnings: string[]} | undefined> {
  const formats = task.outputs.map((output) => outputFormats[output.format]!)
  if (formats.length === 0 || formats.some((format) => format.convertPages === undefined)) return undefined
  const paged = openPagedInput(input, mode, kind)
  if (paged === undefined) return undefined
  let valid = false
  const pages: PagedDocument = {...paged, read: (position, checked) => paged.read(position, checked === true || valid)}
  const warnings: string[] = []
  try {
    // The layout order reads every block of a page: every page is then read whole in the survey.
    const surveyed = await surveyPaged(pages, settings.render, settings.render.order === 'geometry')
    for (const [i, output] of task.outputs.entries()) {
      const {pieces, warnings: more} = formats[i]!.convertPages!({source: surveyed.source, fileHash: paged.fileHash}, settings)
      await writeAtomically(output.path, valid ? pieces : validatedLast(pieces, surveyed.validateRest))
      valid = true
      warnings.push(...more)
    }
    return {blocks: surveyed.counts.before, warnings}
  } catch {
    return undefined
  }
}

/**
 * The pieces, then the pages they did not read validated before the file is renamed (batch has
 * no `--pages`: today every page is read, and this finds none left).
 */
async function* validatedLast(pieces: Iterable<string> | AsyncIterable<string>, validateRest: () => Promise<void>): AsyncGenerator<string> {
  yield* pieces
  await validateRest()
}

/** Written beside as it is made, then renamed: an interrupted run never leaves a partial file that looks up to date. */
async function writeAtomically(path: string, pieces: Iterable<string> | AsyncIterable<string>): Promise<void> {
  await makeDirectory(dirname(path))
  const temporary = temporaryBeside(path, `${process.pid}-${threadId}`, false)
  const file = createWriteStream(temporary)
  try {
    await writeBatched(file, pieces)
    file.end()
    await finished(file)
    await rename(temporary, path)
  } catch (error) {
    file.destroy()
    await finished(file).catch(() => undefined)
    await rm(temporary, {force: true})
    throw error
  }
}

/** One line (a validation failure: its first issues), never a stack. */
function describeFailure(error: unknown): string {
  if (error instanceof ValidationError) {
    const shown = error.issues.slice(0, 3).map((issue) => formatIssue(issue))
    const more = error.issues.length - shown.length
    return `${error.message.split('\n')[0]} ${shown.join('; ')}${more > 0 ? `; … and ${more} more` : ''}`
  }
  if (error instanceof DocmodelError) return error.message
  if ((error as NodeJS.ErrnoException)?.code) return `cannot write: ${(error as Error).message}`
  return error instanceof Error ? `unexpected error: ${error.message}` : String(error)
}
