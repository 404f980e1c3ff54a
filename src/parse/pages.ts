// Reading a large document one page at a time: a scan of the JSON bytes finds the elements of
// the `pages` array (a document's, or a job's document's) without building any value; each
// element is then decoded and `JSON.parse`d on its own, and the rest (the outline: everything
// but the pages) once. Together they are exactly `JSON.parse` of the whole text (proven by a
// differential property in test/parse/pages.test.ts), and any text the scan cannot follow, or
// that is not valid JSON, is left to `readJson`, which says where it goes wrong.
import {isUtf8} from 'node:buffer'
import {readJson} from './json-text.js'

/** Where the pages array sits: top level (a document) or under `document` (a job response). */
export type PagesAt = 'document' | 'job'

/** Offsets into the bytes: the array `[start, end)` and its elements (start, end pairs). */
interface ArraySpan {
  start: number
  end: number
  elements: number[]
}

/**
 * A pages array, and what the scan sees inside each element, in four numbers a page (flat: an
 * object and two arrays a page cost a document of many small pages most of its size again):
 * the range of its `page` value, and the range in `blockSpans` of its `blocks` array's elements
 * (the last of duplicate keys; -1, -1 when absent, or when `blocks` is not an array; all four -1
 * for an element that is not an object).
 */
interface PagesSpan extends ArraySpan {
  outlines: number[]
  /** The blocks' ranges (start, end pairs) of every page, one after the other. */
  blockSpans: number[]
}

/** What the scan finds: the array the last `pages` key holds, at the top level and in the last `document`. */
export interface PagesScan {
  document: PagesSpan | undefined
  job: PagesSpan | undefined
}

// Bytes of JSON's structure; every byte of a multi-byte UTF-8 sequence is ≥ 0x80, so none is mistaken for one.
const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const COMMA = 0x2c
const COLON = 0x3a

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09

/** Thrown inside the scan for text it cannot follow; `scanPages` answers undefined. */
class Unfollowable extends Error {}

/**
 * Finds the `pages` arrays of JSON bytes holding an object: the top level's (a document) and the
 * one in its `document` object (a job response), each with its elements' byte ranges, the last
 * of duplicate keys winning as in `JSON.parse`. One pass, no value built: strings are skipped by
 * searching for their closing quote. Undefined when the bytes are not an object the scan can
 * follow (then nothing is known, and the text is read whole). The skeleton around the elements
 * is checked here; what is inside the values is checked by `JSON.parse` when they are read.
 */
export function scanPages(bytes: Uint8Array): PagesScan | undefined {
  try {
    return scan(bytes)
  } catch (error) {
    if (error instanceof Unfollowable) return undefined
    throw error
  }
}

function scan(bytes: Uint8Array): PagesScan {
  const n = bytes.length
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  const fail = (): never => {
    throw new Unfollowable()
  }
  const space = () => {
    while (i < n && isSpace(bytes[i]!)) i++
  }
  /** At an opening quote: moves past the closing one. */
  const skipString = () => {
    i = stringEnd(bytes, i)
    if (i < 0) fail()
  }
  /** A key's text: its bytes as they are, or `JSON.parse`d when it has escapes. */
  const readKey = (): string => {
    if (bytes[i] !== QUOTE) fail()
    const start = i
    skipString()
    let escaped = false
    for (let k = start + 1; k < i - 1; k++) if (bytes[k] === BACKSLASH) escaped = true
    if (!escaped) return latin(bytes, start + 1, i - 1)
    try {
      return JSON.parse(new TextDecoder().decode(bytes.subarray(start, i))) as string
    } catch {
      return fail()
    }
  }
  /** Any value: a string, a container (brackets counted, strings skipped) or a scalar's run of bytes. */
  const skipValue = () => {
    const c = bytes[i]
    if (c === QUOTE) return skipString()
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      i = containerEnd(bytes, i)
      if (i < 0) fail()
      return
    }
    const start = i
    while (i < n) {
      const b = bytes[i]!
      if (b === COMMA || b === CLOSE_OBJECT || b === CLOSE_ARRAY || isSpace(b)) break
      i++
    }
    if (i === start) fail()
  }
  /** An array's elements, each read by `element` (skipped by default) and its range kept in `elements`. */
  const readArray = (element: () => void = skipValue, elements: number[] = []): ArraySpan => {
    const start = i
    i++
    space()
    if (bytes[i] === CLOSE_ARRAY) return {start, end: ++i, elements}
    for (;;) {
      space()
      const from = i
      element()
      elements.push(from, i)
      space()
      if (bytes[i] === COMMA) i++
      else if (bytes[i] === CLOSE_ARRAY) return {start, end: ++i, elements}
      else fail()
    }
  }
  /** An object's members: `onMember` reads the value of the keys it wants (and answers true), the rest are skipped. */
  const readObject = (onMember: (key: string) => boolean) => {
    i++
    space()
    if (bytes[i] === CLOSE_OBJECT) return void i++
    for (;;) {
      space()
      const key = readKey()
      space()
      if (bytes[i] !== COLON) fail()
      i++
      space()
      if (!onMember(key)) skipValue()
      space()
      if (bytes[i] === COMMA) i++
      else if (bytes[i] === CLOSE_OBJECT) return void i++
      else fail()
    }
  }
  /** The value of a `pages` key: its array, or undefined for anything else (a later key may still hold one). */
  const pagesValue = (): PagesSpan | undefined => {
    if (bytes[i] !== OPEN_ARRAY) {
      skipValue()
      return undefined
    }
    const outlines: number[] = []
    const blockSpans: number[] = []
    const span = readArray(() => {
      if (bytes[i] !== OPEN_OBJECT) {
        outlines.push(-1, -1, -1, -1)
        return skipValue()
      }
      let pageStart = -1
      let pageEnd = -1
      let blocksFrom = -1
      let blocksTo = -1
      readObject((key) => {
        if (key === 'page') {
          pageStart = i
          skipValue()
          pageEnd = i
        } else if (key === 'blocks') {
          blocksFrom = blocksTo = -1
          if (bytes[i] !== OPEN_ARRAY) return false
          blocksFrom = blockSpans.length
          readArray(skipValue, blockSpans)
          blocksTo = blockSpans.length
        } else return false
        return true
      })
      outlines.push(pageStart, pageEnd, blocksFrom, blocksTo)
    })
    return {...span, outlines, blockSpans}
  }

  const found: PagesScan = {document: undefined, job: undefined}
  space()
  if (bytes[i] !== OPEN_OBJECT) fail()
  readObject((key) => {
    if (key === 'pages') found.document = pagesValue()
    else if (key === 'document') {
      found.job = undefined
      if (bytes[i] !== OPEN_OBJECT) return false
      readObject((inner) => {
        if (inner !== 'pages') return false
        found.job = pagesValue()
        return true
      })
    } else return false
    return true
  })
  space()
  if (i !== n) fail()
  return found
}

// The two loops that see every byte, outside the scan's closure: their offset is a local variable
// (a register), not one the closures share (a load and a store to memory at each step).

/** At an opening quote: the offset after the closing one (escaped when an odd number of backslashes stands before it); -1 when there is none. */
function stringEnd(bytes: Uint8Array, at: number): number {
  for (let from = at + 1; ; ) {
    const quote = bytes.indexOf(QUOTE, from)
    if (quote < 0) return -1
    let backslashes = 0
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++
    if (backslashes % 2 === 0) return quote + 1
    from = quote + 1
  }
}

/** At an opening bracket: the offset after the bracket that closes it (brackets counted, strings skipped); -1 when the bytes end first. */
function containerEnd(bytes: Uint8Array, at: number): number {
  let depth = 0
  for (let i = at; i < bytes.length; ) {
    const b = bytes[i]!
    if (b === QUOTE) {
      i = stringEnd(bytes, i)
      if (i < 0) return -1
      continue
    }
    if (b === OPEN_OBJECT || b === OPEN_ARRAY) depth++
    else if ((b === CLOSE_OBJECT || b === CLOSE_ARRAY) && --depth === 0) return i + 1
    i++
  }
  return -1
}

/** ASCII (or any) bytes as a string of their char codes: a key without escapes is compared byte for byte. */
function latin(bytes: Uint8Array, start: number, end: number): string {
  let text = ''
  for (let k = start; k < end && text.length <= 16; k++) text += String.fromCharCode(bytes[k]!)
  return text
}

/** A document's JSON bytes read page by page (see `readPages`). */
export interface PagedJson {
  /** The value with an empty pages array in its place: everything but the pages, parsed. */
  outline: Record<string, unknown>
  /** How many pages the array holds. */
  count: number
  /** The page at `index` (in the array), parsed on each call; undefined when it is not valid JSON or holds a `__proto__` key. */
  page(index: number): unknown
  /**
   * A glance at the page at `index` without parsing it: its `page` value, and those of its blocks
   * whose bytes hold `word` or a `\u` escape (which could spell it), parsed, in the array's order:
   * every block with a string value `word` is among them; `count`: how many blocks. Undefined when the page is not an object
   * with `page` and a `blocks` array, or a part read is not valid JSON (then parse the page).
   * Linear over calls of increasing `index` with one `word`.
   */
  skim(index: number, word: string): {page: unknown; blocks: unknown[]; count: number} | undefined
  /**
   * From now on, the bytes of a part (`start`, `end`: offsets into the bytes given) come from
   * `read` (the same bytes, from their file), so the bytes given can be let go; `skim` then
   * answers undefined (it searches the whole bytes). What `read` answers is decoded at once, so
   * it may be a buffer `read` fills again on its next call.
   */
  readFrom(read: (start: number, end: number) => Uint8Array): void
}

// `ignoreBOM`: a part starting with a byte-order mark keeps it (and is refused, as in the whole text).
const utf8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true})

/**
 * The pages of UTF-8 JSON bytes, one at a time: `at` says where the array is (`document`: the
 * top level's `pages`; `job`: the `pages` of the top level's `document`). Undefined when the bytes
 * are not UTF-8, not an object holding such an array, or when the outline is not valid JSON: the
 * caller then reads the text whole, which says what is wrong (`readJson`). A page that is not
 * valid is found when it is read (`page(index)` is undefined), and the caller does the same.
 */
export function readPages(bytes: Uint8Array, at: PagesAt, scanned?: PagesScan): PagedJson | undefined {
  const found = (scanned ?? scanPages(bytes))?.[at]
  if (found === undefined || !isUtf8(bytes)) return undefined
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  const outlineText = utf8.decode(bytes.subarray(start, found.start)) + '[]' + utf8.decode(bytes.subarray(found.end))
  const outline = parsed(outlineText)
  if (outline === undefined) return undefined
  const elements = found.elements
  let bytesOf = (start: number, end: number) => bytes.subarray(start, end)
  const part = (start: number, end: number) => parsed(utf8.decode(bytesOf(start, end)))
  let skim: PagedJson['skim'] = skimmer(bytes, found, part)
  return {
    outline: outline as Record<string, unknown>,
    count: elements.length / 2,
    page: (index) => part(elements[2 * index]!, elements[2 * index + 1]!),
    skim: (index, word) => skim(index, word),
    readFrom(read) {
      bytesOf = read
      skim = () => undefined
    }
  }
}

/** `PagedJson.skim`: the next place of the word and of `\u` is remembered, so no byte is searched twice on the way forward. */
function skimmer(bytes: Uint8Array, {outlines, blockSpans}: PagesSpan, part: (start: number, end: number) => unknown): PagedJson['skim'] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // Each needle's first place at or after `from` (Infinity: none to the end).
  const needles = [{text: '', from: Infinity, at: Infinity}, {text: '\\u', from: Infinity, at: Infinity}]
  const nextAt = (needle: (typeof needles)[number], start: number) => {
    if (start < needle.from || needle.at < start) {
      const at = buffer.indexOf(needle.text, start, 'latin1')
      needle.at = at === -1 ? Infinity : at
      needle.from = start
    }
    return needle.at
  }
  return (index, word) => {
    const at = 4 * index
    const [pageStart, pageEnd, from, to] = [outlines[at] ?? -1, outlines[at + 1]!, outlines[at + 2]!, outlines[at + 3]!]
    if (pageStart < 0 || from < 0) return undefined
    if (needles[0]!.text !== word) needles[0] = {text: word, from: Infinity, at: Infinity}
    const page = part(pageStart, pageEnd)
    if (page === undefined) return undefined
    const blocks: unknown[] = []
    for (let b = from; b < to; b += 2) {
      const start = blockSpans[b]!
      const end = blockSpans[b + 1]!
      if (nextAt(needles[0]!, start) >= end && nextAt(needles[1]!, start) >= end) continue
      const block = part(start, end)
      if (block === undefined) return undefined
      blocks.push(block)
    }
    return {page, blocks, count: (to - from) / 2}
  }
}

/**
 * `JSON.parse` with `readJson`'s checks (`__proto__` keys); undefined when either fails. A part
 * of the text never starts with a byte-order mark, which `readJson` would drop but `JSON.parse`
 * of the whole text refuses.
 */
function parsed(text: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) return undefined
  const read = readJson(text)
  return read.ok ? read.value : undefined
}
