import {createHash} from 'node:crypto'
import {rename, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {VERSION} from '../../version.js'
import type {Values} from '../args.js'
import {readLimited} from '../io.js'

/** Where a batch run records what produced each output, below `--out`. */
export const STATE_FILE = '.docmodel-batch-state.json'
/** The run's report, below `--out`. */
export const REPORT_FILE = 'batch-report.json'

/** What produced one output: the input's content and the settings of its format. */
export interface Provenance {
  /** `sha256:<hex>` of the input's bytes. */
  input: string
  /** `sha256:<hex>` of docmodel's version, the format and every flag that shapes an output. */
  settings: string
}

/** Output path (relative to `--out`, `/`-separated) → what produced it. */
export type BatchState = Map<string, Provenance>

/** Flags that change how a run goes, never what an output holds. */
const RUN_FLAGS = new Set(['out', 'to', 'jobs', 'force', 'progress', 'quiet', 'help', 'debug', 'max-input-bytes', 'follow-links'])

/** The settings fingerprint of one format: a changed flag (`--preset`, `--max-tokens`, …) or version redoes its outputs. */
export function settingsFingerprint(values: Values, format: string): string {
  const flags = Object.entries(values)
    .filter(([name, value]) => !RUN_FLAGS.has(name) && value !== undefined)
    .sort(([x], [y]) => (x < y ? -1 : 1))
  return sha256(JSON.stringify({docmodel: VERSION, format, flags}))
}

export const sha256 = (bytes: Uint8Array | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

/** The hash of a file's content, read as inputs are (regular files within the limit); undefined when it cannot be read. */
export async function inputHash(path: string, name: string, maxBytes: number): Promise<string | undefined> {
  return readLimited(path, name, maxBytes).then(sha256, () => undefined)
}

/** The state an earlier run left; empty when there is none or it cannot be read (then every output is redone). */
export async function loadState(outDir: string, maxBytes: number): Promise<BatchState> {
  const state: BatchState = new Map()
  try {
    const value = JSON.parse(Buffer.from(await readLimited(join(outDir, STATE_FILE), STATE_FILE, maxBytes)).toString('utf8')) as unknown
    const outputs = (value as {outputs?: unknown})?.outputs
    if (outputs && typeof outputs === 'object')
      for (const [path, entry] of Object.entries(outputs)) {
        const {input, settings} = (entry ?? {}) as Partial<Provenance>
        if (typeof input === 'string' && typeof settings === 'string') state.set(path, {input, settings})
      }
  } catch {
    // No state yet, or a damaged one: nothing is known to be up to date.
  }
  return state
}

/** Writes the state beside the outputs (under a temporary name, renamed: never half a file). */
export async function saveState(outDir: string, state: BatchState): Promise<void> {
  const path = join(outDir, STATE_FILE)
  const temporary = `${path}.${process.pid}.tmp`
  const outputs = Object.fromEntries([...state].sort(([x], [y]) => (x < y ? -1 : 1)))
  try {
    await writeFile(temporary, JSON.stringify({version: 1, outputs}, null, 1) + '\n')
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, {force: true})
    throw error
  }
}
