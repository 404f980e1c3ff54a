import {type Stats, closeSync, constants, fstatSync, openSync, readSync} from 'node:fs'
import type {Mode} from '../model/shared.js'
import type {Block, Document, Job, Page} from '../model/index.js'
import {createPageSurvey} from '../render/paged.js'
import type {RenderOptions} from '../render/types.js'
import {type PagedJson, type PagesAt, readPages, scanPages} from '../parse/pages.js'
import {pagedVerdicts} from '../parse/planned.js'
import {type Input, nextTurn, turnDue} from './io.js'
import {type Kind, kindOf} from './input.js'

/** A document (or a job's document) whose pages are read one at a time from the input's bytes. */
export interface PagedDocument {
  kind: Kind
  /** The document's `source.file_hash` (chunk ids are made with it). */
  fileHash: string
  /** The document without its pages (`pages` empty), validated. */
  outline: Document
  /** For a job: the job, its document's pages empty (validated with it). */
  job?: Job
  /** How many pages the document's array holds. */
  count: number
  /** The page at `position` in the array, parsed and validated (unless `checked` already); throws `ReadWhole` when it is not valid. */
  read(position: number, checked?: boolean): Page
  /**
   * What the whole document needs of the page at `position`: its number, its block count and
   * its headings (a `Page` holding only them), skimmed from the bytes without parsing the page
   * (see `PagedJson.skim`). Not validated: the page is when it is `read`.
   */
  glance(position: number): {page: Page; blocks: number}
  /**
   * Reads the pages from the input's file from now on and lets go of the input's bytes (their
   * memory is returned once the collector sees them unused): a render that holds a page at a time
   * then never holds the whole input. Only for a regular file that is as it was before it was read
   * (`before`: its size, modification and change times, device and inode then), so what was read
   * is what the file holds, and whose bytes are the input's own buffer. The answer tells whether
   * the file is still unchanged (when it is not, the pages read may not be the ones scanned: read
   * it whole again) and closes it; undefined when the bytes are kept (nothing changes then).
   */
  release(before: FileState | undefined): Released | undefined
}

/** A paged document's file, read from since its bytes were let go (see `PagedDocument.release`). */
export interface Released {
  /** Whether the file is as it was when released: same size, same modification and change times. */
  unchanged(): boolean
  close(): void
}

/** What tells a file's versions apart: a change to its content moves its change time. */
export type FileState = Pick<Stats, 'dev' | 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'>

const sameState = (a: FileState, b: FileState) =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs

/** Inputs below this size keep their bytes: too small for their memory to matter. */
const RELEASE_FROM_BYTES = 1 << 20

/** A part of the input is not valid: the caller reads the input whole, which reports it. */
export class ReadWhole extends Error {}

/**
 * The input's document, to be read page by page (see `readPages`), so that the whole parsed
 * document is never held; its outline (everything but the pages) is validated here, each page
 * when it is read. Undefined when the input is to be read whole: strict mode (its warnings look
 * across pages), text the scan declines (not a JSON object, not UTF-8, a job without a document),
 * an invalid outline. Whatever is invalid is then reported by the whole read, in the same words
 * and with the same exit code. The input's bytes are kept, not taken.
 */
export function openPagedInput(input: Input, mode: Mode, kind: Kind | undefined): PagedDocument | undefined {
  if (mode !== 'lenient') return undefined
  const bytes = input.bytes
  const scan = scanPages(bytes)
  if (scan === undefined) return undefined
  // The kind, when not given, is what the top-level keys say; the outline has them all.
  let subject: Kind | undefined
  let paged: PagedJson | undefined
  for (const at of ['job', 'document'] as PagesAt[]) {
    if (kind !== undefined && kind !== at) continue
    paged = readPages(bytes, at, scan)
    if (paged === undefined) continue
    subject = kind ?? kindOf(paged.outline)
    if (subject === at) break
    paged = undefined
  }
  if (paged === undefined || subject === undefined) return undefined
  const valid = pagedVerdicts(subject)
  if (!valid.outline(paged.outline)) return undefined
  const pages = paged
  const read = (position: number, checked = false): Page => {
    const page = pages.page(position)
    if (page === undefined || (!checked && !valid.page(page))) throw new ReadWhole(`page ${position} of ${input.name} is not valid`)
    return page as Page
  }
  const document = (subject === 'job' ? pages.outline.document : pages.outline) as Document
  const release = (before: FileState | undefined): Released | undefined => {
    const buffer = bytes.buffer
    if (before === undefined || input.path === undefined || !(buffer instanceof ArrayBuffer)) return undefined
    if (bytes.byteOffset !== 0 || bytes.byteLength !== buffer.byteLength || bytes.byteLength < RELEASE_FROM_BYTES) return undefined
    let fd: number
    try {
      // Non-blocking: a FIFO (or /dev/stdin on a pipe) whose writer is gone would block the open, and the process, for good.
      fd = openSync(input.path, constants.O_RDONLY | constants.O_NONBLOCK)
    } catch {
      return undefined
    }
    const opened = fstatSync(fd)
    if (!opened.isFile() || !sameState(opened, before) || opened.size !== bytes.byteLength) {
      closeSync(fd)
      return undefined
    }
    // One buffer for every part, grown as needed: each part is decoded before the next is read.
    let scratch = Buffer.allocUnsafe(0)
    pages.readFrom((start, end) => {
      if (scratch.length < end - start) scratch = Buffer.allocUnsafe(Math.max(end - start, 2 * scratch.length))
      const part = scratch.subarray(0, end - start)
      for (let at = 0; at < part.length; ) {
        const read = readSync(fd, part, at, part.length - at, start + at)
        if (read === 0) throw new ReadWhole(`${input.name} changed while it was read`)
        at += read
      }
      return part
    })
    // Transferred to a copy nobody keeps: the buffer is detached now, its memory freed with the copy.
    structuredClone(buffer, {transfer: [buffer]})
    return {
      unchanged: () => sameState(fstatSync(fd), opened),
      close() {
        if (fd >= 0) closeSync(fd)
        fd = -1
      }
    }
  }
  return {
    release,
    kind: subject,
    fileHash: document.source.file_hash,
    outline: document,
    ...(subject === 'job' ? {job: pages.outline as unknown as Job} : {}),
    count: pages.count,
    read,
    glance(position) {
      const skim = pages.skim(position, 'heading')
      if (skim === undefined) {
        const page = read(position)
        return {page: {...page, blocks: page.blocks.filter((block) => block.type === 'heading')}, blocks: page.blocks.length}
      }
      const headings = skim.blocks.filter((block) => (block as Block | null)?.type === 'heading') as Block[]
      return {page: {page: skim.page as number, blocks: headings}, blocks: skim.count}
    }
  }
}

/**
 * The first pass over a paged document, for a render of it (`render`, `chunk`): each page's
 * number, block count and headings, so the render can decide what the whole document decides
 * (order, heading depths, `--pages`). `checkedFirst`: every page parsed and validated now (for
 * output seen as it is written); else skimmed, each page validated when it is read (`read`,
 * which also counts the blocks `match` keeps), and the pages never read by `validateRest`.
 */
export async function surveyPaged(
  paged: PagedDocument,
  options: RenderOptions,
  checkedFirst: boolean,
  match?: (block: Block, page: Page) => boolean
) {
  const survey = createPageSurvey(options)
  const numbers: Array<{page: number}> = []
  const rendered = new Set<number>()
  const counts = {before: 0, after: 0}
  for (let position = 0; position < paged.count; position++) {
    if (turnDue()) await nextTurn() // a signal is acted on
    const {page, blocks} = checkedFirst ? {page: paged.read(position), blocks: -1} : paged.glance(position)
    survey.add(page)
    numbers.push({page: page.page})
    counts.before += blocks < 0 ? page.blocks.length : blocks
  }
  const read = (position: number) => {
    // Checked first, a page is known valid: the same bytes parse to the same value.
    const page = paged.read(position, checkedFirst)
    rendered.add(position)
    if (match) for (const block of page.blocks) if (match(block, page)) counts.after++
    return page
  }
  return {
    source: survey.source(read),
    /** The document's page numbers, for `missingPages`. */
    pages: {pages: numbers} as unknown as Pick<Document, 'pages'>,
    counts,
    /** Validates the pages the render did not read (`--pages` left them out), as the whole read does. */
    async validateRest() {
      if (checkedFirst) return
      for (let position = 0; position < paged.count; position++) {
        if (turnDue()) await nextTurn()
        if (!rendered.has(position)) paged.read(position)
      }
    }
  }
}

/**
 * The positions in a pages array of each page number, from the number at each position (read in
 * a first pass): one array of the positions sorted by number, a number a page, not a list a page
 * number (a document of many small pages held a list, and its spare room, for every page).
 */
export function pagesByNumber(numbers: readonly number[]) {
  const order = Uint32Array.from(numbers.keys())
  if (numbers.some((number, position) => position > 0 && number < numbers[position - 1]!))
    order.sort((x, y) => numbers[x]! - numbers[y]! || x - y)
  const numberAt = (i: number) => numbers[order[i]!]!
  return {
    /** The positions of the pages numbered `number`, in the array's order. */
    positions(number: number): number[] {
      let [low, high] = [0, order.length]
      while (low < high) {
        const middle = (low + high) >>> 1
        if (numberAt(middle) < number) low = middle + 1
        else high = middle
      }
      const positions: number[] = []
      for (let i = low; i < order.length && numberAt(i) === number; i++) positions.push(order[i]!)
      return positions
    },
    /** Every page number there is, ascending, once. */
    numbers(): number[] {
      const distinct: number[] = []
      for (let i = 0; i < order.length; i++) if (i === 0 || numberAt(i) !== numberAt(i - 1)) distinct.push(numberAt(i))
      return distinct
    }
  }
}
