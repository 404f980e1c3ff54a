// The page scanner against JSON.parse: reading a document's pages one at a time from the bytes
// gives exactly the value JSON.parse gives for the whole text (duplicate keys, escapes, unicode,
// whitespace, strings full of brackets and quotes), and never a value where the whole text is
// refused (then the caller reads it whole and reports readJson's issue).
import {isDeepStrictEqual} from 'node:util'
import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {readJson} from '../../src/parse/json-text.js'
import {type PagesAt, readPages, scanPages} from '../../src/parse/pages.js'

const encode = (text: string) => new TextEncoder().encode(text)

/** JSON text of a value, spelled by the generator's choices (whitespace, escapes, duplicate keys). */
type Json = null | boolean | number | string | Json[] | {entries: Array<[string, Json]>}

/** Strings that stress a scanner: brackets, quotes, backslashes, controls, astral and lone surrogates. */
const tricky = fc.oneof(
  fc.string({unit: fc.constantFrom(...'{}[]",:\\/ \n\t\u0000\u001féπ😀\ud800\udc00ab'.split('')), maxLength: 12}),
  fc.string({unit: 'grapheme', maxLength: 6}),
  fc.constantFrom('pages', 'document', '__proto__x', 'page', '\\', '"', '\\"', 'pages\\', 'heading', 'type')
)
const keyArb = fc.oneof({weight: 3, arbitrary: fc.constantFrom('pages', 'document', 'page', 'blocks', 'job_id', 'status', 'type')}, tricky)

const jsonArb: fc.Arbitrary<Json> = fc.letrec<{value: Json; object: Json}>((tie) => ({
  value: fc.oneof(
    {depthSize: 'small', withCrossShrink: true},
    fc.constant(null),
    fc.boolean(),
    fc.oneof(fc.integer(), fc.double({noNaN: true, noDefaultInfinity: true}), fc.constantFrom(0, -0, 1e21, 1.5e-7, 12345678901234567890)),
    tricky,
    fc.array(tie('value'), {maxLength: 4}),
    tie('object')
  ),
  object: fc.array(fc.tuple(keyArb, tie('value')), {maxLength: 5}).map((entries) => ({entries}))
})).value

/** A document, a job or any object, with pages (and duplicates of `pages` and `document`) in it. */
const rootArb: fc.Arbitrary<Json> = fc
  .tuple(
    fc.array(fc.tuple(keyArb, jsonArb), {maxLength: 3}),
    fc.array(jsonArb, {maxLength: 5}),
    fc.array(fc.tuple(keyArb, jsonArb), {maxLength: 3}),
    fc.constantFrom('document', 'job', 'other'),
    fc.array(fc.tuple(keyArb, jsonArb), {maxLength: 2})
  )
  .map(([before, pages, inner, shape, after]): Json => {
    const pagesArray: Json = pages.map((page) => (page !== null && typeof page === 'object' && !Array.isArray(page) ? page : {entries: [['page', page]]}))
    if (shape === 'document') return {entries: [...before, ['pages', pagesArray], ...after]}
    if (shape === 'job') return {entries: [...before, ['document', {entries: [...inner, ['pages', pagesArray]]}], ...after]}
    return {entries: [...before, ...after]}
  })

/** The choices of one spelling: whitespace runs and which characters of strings to write as `\u` escapes. */
const spellingArb = fc.tuple(fc.array(fc.constantFrom('', '', '', ' ', '\n', '\t', '\r\n  '), {minLength: 1, maxLength: 16}), fc.nat())

function spell(value: Json, [spaces, seed]: [string[], number]): string {
  let turn = seed
  const ws = () => spaces[turn++ % spaces.length]!
  const string = (text: string) => {
    // Some characters escaped as \uXXXX (`pages` may become `p\u0061ges`), the rest as JSON.stringify writes them.
    let out = '"'
    for (const char of text) {
      if (turn++ % 5 === 0) for (let k = 0; k < char.length; k++) out += '\\u' + char.charCodeAt(k).toString(16).padStart(4, '0')
      else out += JSON.stringify(char).slice(1, -1)
    }
    return out + '"'
  }
  const write = (v: Json): string => {
    if (v === null || typeof v === 'boolean') return String(v)
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : JSON.stringify(v)
    if (typeof v === 'string') return string(v)
    if (Array.isArray(v)) return '[' + ws() + v.map((item) => write(item) + ws()).join(',' + ws()) + ']'
    return '{' + ws() + v.entries.map(([k, item]) => string(k) + ws() + ':' + ws() + write(item) + ws()).join(',' + ws()) + '}'
  }
  return ws() + write(value) + ws()
}

/** Valid text, then perhaps one edit of a structural character. */
const editArb = fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert', 'replace', 'none', 'none'), fc.constantFrom(...'{}[]:,"\\ 0-e.tn\u0001\ufeffx'.split('')))
function edit(text: string, [at, kind, c]: [number, string, string]): string {
  const i = text.length === 0 ? 0 : at % text.length
  if (kind === 'delete') return text.slice(0, i) + text.slice(i + 1)
  if (kind === 'insert') return text.slice(0, i) + c + text.slice(i)
  if (kind === 'replace') return text.slice(0, i) + c + text.slice(i + 1)
  return text
}

/** What reading page by page gives: the whole value put together, `fails` (a part refused), or `whole` (the scan declined). */
function readPaged(bytes: Uint8Array, at: PagesAt): {value: unknown} | 'fails' | 'whole' {
  const paged = readPages(bytes, at)
  if (paged === undefined) return 'whole'
  const pages: unknown[] = []
  for (let i = 0; i < paged.count; i++) {
    const page = paged.page(i)
    if (page === undefined) return 'fails'
    pages.push(page)
  }
  const holder = (at === 'job' ? paged.outline.document : paged.outline) as {pages: unknown[]}
  expect(holder.pages).toEqual([])
  holder.pages.push(...pages)
  return {value: paged.outline}
}

/** The same value with the same key order everywhere (and -0 told from 0). */
function same(a: unknown, b: unknown): boolean {
  if (!isDeepStrictEqual(a, b)) return false
  if (a === null || typeof a !== 'object') return true
  if (Array.isArray(a)) return a.every((item, i) => same(item, (b as unknown[])[i]))
  const keys = Object.keys(a)
  return isDeepStrictEqual(keys, Object.keys(b as object)) && keys.every((k) => same((a as never)[k], (b as never)[k]))
}

const pagesAt = (value: unknown, at: PagesAt): unknown => {
  const holder = at === 'job' ? (value as {document?: unknown} | null)?.document : value
  return holder !== null && typeof holder === 'object' ? (holder as {pages?: unknown}).pages : undefined
}

describe('readPages: a document page by page from its bytes', () => {
  test.prop([rootArb, spellingArb, editArb, fc.constantFrom<PagesAt>('document', 'job')], {numRuns: 1000})(
    'is JSON.parse of the whole text, or declines; never a value where JSON.parse fails',
    (root, spelling, change, at) => {
      const text = edit(spell(root, spelling), change)
      const bytes = encode(text)
      const whole = readJson(bytes)
      const paged = readPaged(bytes, at)
      if (!whole.ok) {
        expect(paged === 'whole' || paged === 'fails', text).toBe(true)
        return
      }
      if (paged === 'fails') throw new Error(`a page of valid JSON was refused: ${text}`)
      if (paged === 'whole') {
        // Declined only where there is no array to read page by page.
        expect(Array.isArray(pagesAt(whole.value, at)), text).toBe(false)
        return
      }
      expect(same(paged.value, whole.value), text).toBe(true)
    }
  )

  test.prop([rootArb, spellingArb], {numRuns: 1000})('finds every page of valid JSON, byte ranges that are the elements', (root, spelling) => {
    const text = spell(root, spelling)
    const bytes = encode(text)
    const value = JSON.parse(text) as unknown
    const scan = scanPages(bytes)
    expect(scan).toBeDefined()
    for (const at of ['document', 'job'] as const) {
      const pages = pagesAt(value, at)
      const found = scan![at]
      expect(found !== undefined, text).toBe(Array.isArray(pages))
      if (!found) continue
      const elements = []
      for (let i = 0; i < found.elements.length; i += 2)
        elements.push(JSON.parse(new TextDecoder().decode(bytes.subarray(found.elements[i], found.elements[i + 1]))))
      expect(same(elements, pages)).toBe(true)
    }
  })

  // Pages holding blocks, some of them headings (`type` spelled plainly or escaped), among other keys.
  const blockArb = fc.oneof(
    jsonArb,
    fc.tuple(fc.array(fc.tuple(keyArb, jsonArb), {maxLength: 2}), fc.constantFrom('heading', 'paragraph', 'headings')).map(([rest, type]): Json => ({entries: [...rest, ['type', type]]}))
  )
  const pageArb = fc
    .tuple(fc.array(fc.tuple(keyArb, jsonArb), {maxLength: 2}), jsonArb, fc.array(blockArb, {maxLength: 5}))
    .map(([rest, page, blocks]): Json => ({entries: [...rest, ['page', page], ['blocks', blocks]]}))
  const documentArb = fc.tuple(fc.array(pageArb, {maxLength: 4}), fc.array(fc.tuple(keyArb, jsonArb), {maxLength: 2})).map(([pages, rest]): Json => ({entries: [...rest, ['pages', pages]]}))

  test.prop([documentArb, spellingArb], {numRuns: 1000})(
    'skim: a page\'s number, and every block whose type is the word, without parsing the page',
    (root, spelling) => {
      const text = spell(root, spelling)
      const value = JSON.parse(text) as {pages: Array<{page?: unknown; blocks?: unknown}>}
      const paged = readPages(encode(text), 'document')!
      value.pages.forEach((page, i) => {
        const skim = paged.skim(i, 'heading')
        if (!Array.isArray(page.blocks) || !('page' in page)) return expect(skim).toBeUndefined()
        expect(same(skim!.page, page.page)).toBe(true)
        const headings = (blocks: unknown[]) => blocks.filter((b) => (b as {type?: unknown} | null)?.type === 'heading')
        expect(same(headings(skim!.blocks), headings(page.blocks)), text).toBe(true)
        // Only what may hold the word is parsed: a block without it (or an escape) is left.
        for (const block of skim!.blocks) expect(JSON.stringify(block).includes('heading') || text.includes('\\u')).toBe(true)
      })
    }
  )

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    const read = (text: string, at: PagesAt) => readPaged(encode(text), at)
    expect(read('{"pages":[1],"pages":[2,3]}', 'document')).toEqual({value: {pages: [2, 3]}})
    expect(read('{"pages":[1],"pages":null}', 'document')).toBe('whole')
    expect(read('{"p\\u0061ges":[1],"x":{"pages":[9]}}', 'document')).toEqual({value: {pages: [1], x: {pages: [9]}}})
    expect(read('{"document":{"pages":[1]},"document":{"x":1}}', 'job')).toBe('whole')
    expect(read('{"document":{"pages":[{"a":"]}"}]},"job_id":"j"}', 'job')).toEqual({value: {document: {pages: [{a: ']}'}]}, job_id: 'j'}})
  })

  it('refuses what JSON.parse refuses, a byte-order mark inside included, and __proto__ keys as readJson does', () => {
    for (const text of ['{"pages":[\ufeff1]}', '{"pages":[1,]}', '{"pages":[1 2]}', '{"pages":[{"a":1]}]}', '{"pages":[]}x', '{"pages":[{"__proto__":1}]}'])
      expect(readPaged(encode(text), 'document'), text).not.toHaveProperty('value')
    expect(readPaged(encode('\ufeff {"pages":[1]}'), 'document')).toEqual({value: {pages: [1]}})
    expect(readPaged(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), 'document')).toBe('whole')
  })
})
