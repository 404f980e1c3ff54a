import {createWriteStream} from 'node:fs'
import {mkdir, rename, rm} from 'node:fs/promises'
import {dirname} from 'node:path'
import {finished} from 'node:stream/promises'
import {threadId} from 'node:worker_threads'
import {DocmodelError, ValidationError} from '../../errors.js'
import {formatIssue} from '../../issues.js'
import type {Values} from '../args.js'
import {inputSettings} from '../command.js'
import {parseInput} from '../input.js'
import {readLimited, writeBatched} from '../io.js'
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
}

/** A converter for one worker: settings are built once, then each task is read, parsed, converted and written. */
export function createConverter(config: BatchConfig): (task: Task) => Promise<TaskResult> {
  const {mode, kind, maxBytes} = inputSettings(config.values)
  const settings: FormatSettings = formatSettings(config.values, config.formats)
  // Hashed first, then parsed: parsing takes the bytes, so they are not held while the document
  // is converted (and this frame, which held them, is gone).
  const readTask = async (task: Task) => {
    const bytes = await readLimited(task.path, task.name, maxBytes)
    const inputHash = sha256(bytes)
    return {inputHash, parsed: parseInput({bytes, name: task.name, path: task.path}, mode, kind)}
  }
  return async (task) => {
    const started = performance.now()
    let blocks: number | null = null
    try {
      const {parsed, inputHash} = await readTask(task)
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

/** Written beside as it is made, then renamed: an interrupted run never leaves a partial file that looks up to date. */
async function writeAtomically(path: string, pieces: Iterable<string> | AsyncIterable<string>): Promise<void> {
  await mkdir(dirname(path), {recursive: true})
  const temporary = `${path}.${process.pid}-${threadId}.tmp`
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
