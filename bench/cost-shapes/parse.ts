// Hostile shapes for parsing and checking: JSON text → value → model, issues.
import {checkDocument, parseDocument, safeParseDocument, safeParseJob} from '../../src/index.js'
import {WHITESPACE, block, documentOf, everyTextField} from '../hostile-documents.js'
import type {CostShape} from './types.js'

const text = (value: unknown) => JSON.stringify(value)
const parse = (input: unknown) => safeParseDocument(input as string)
const strict = (input: unknown) => safeParseDocument(input as string, {mode: 'strict'})

/** A document as text with `inner` in place of an unknown key's value (spliced in, to keep the text literal). */
const withRaw = (inner: string) => text(documentOf([block(0)], {extra: 0})).replace('"extra":0', `"extra":${inner}`)

export const shapes: CostShape[] = [
  // Long runs of each whitespace kind in every text field.
  ...WHITESPACE.map(([kind, ws]): CostShape => ({
    name: `${kind} ×2k·n then x in every text field`,
    entry: 'safeParseDocument',
    make: (n) => text(documentOf(everyTextField(ws.repeat(2_000 * n) + 'x\n'))),
    run: parse
  })),
  {
    name: 'JSON whitespace ×2k·n after every comma',
    entry: 'safeParseDocument',
    make: (n) => text(documentOf([block(0)])).replaceAll(',', ',' + ' \n\t\r'.repeat(500 * n)),
    run: parse
  },
  {
    name: 'invalid JSON after 100k·n spaces (error locator)',
    entry: 'safeParseDocument',
    make: (n) => withRaw(' '.repeat(100_000 * n) + '@'),
    run: parse
  },
  {
    name: 'invalid JSON inside 10k·n open arrays (error locator)',
    entry: 'safeParseDocument',
    make: (n) => withRaw('['.repeat(10_000 * n) + '@'),
    run: parse
  },
  {
    name: 'a 100k·n string, then an unterminated one (error locator)',
    entry: 'safeParseJob',
    make: (n) => `{"job_id": "${'a'.repeat(100_000 * n)}", "status": "${'b'.repeat(100_000 * n)}`,
    run: (input) => safeParseJob(input as string)
  },
  {
    name: '1k·n nested arrays in an unknown key (text)',
    entry: 'safeParseDocument',
    make: (n) => withRaw('['.repeat(1_000 * n) + ']'.repeat(1_000 * n)),
    run: parse
  },
  {
    name: '1k·n nested objects spelling __proto__-free \\u escapes (key walk)',
    entry: 'safeParseDocument',
    make: (n) => withRaw('{"\\u0061":'.repeat(1_000 * n) + '1' + '}'.repeat(1_000 * n)),
    run: parse
  },
  {
    name: '200·n nested objects in an unknown key (value walk)',
    entry: 'safeParseDocument',
    make: (n) => {
      let deep: unknown = 1
      for (let i = 0; i < 200 * n; i++) deep = {a: [deep]}
      return documentOf([block(0)], {extra: deep})
    },
    run: parse
  },
  {
    name: '1k·n nested objects in an unknown key (strict: rejected)',
    entry: 'safeParseDocument',
    make: (n) => withRaw('{"a":'.repeat(1_000 * n) + '1' + '}'.repeat(1_000 * n)),
    run: strict
  },
  {
    name: '200·n blocks on one page',
    entry: 'safeParseDocument',
    make: (n) => text(documentOf(Array.from({length: 200 * n}, (_, i) => block(i)))),
    run: parse
  },
  {
    name: '200·n blocks, each on its own page',
    entry: 'safeParseDocument',
    make: (n) =>
      text(
        documentOf(
          Array.from({length: 200 * n}, (_, i) => block(i)),
          {},
          200 * n
        )
      ),
    run: parse
  },
  {
    name: '200·n blocks as a value (copied by the schema)',
    entry: 'safeParseDocument',
    make: (n) => documentOf(Array.from({length: 200 * n}, (_, i) => block(i))),
    run: parse
  },
  {
    name: 'a table of 50·n × 10 cells',
    entry: 'safeParseDocument',
    make: (n) =>
      text(
        documentOf([
          block(0, {
            type: 'table',
            text_source: 'derived',
            verified: false,
            headers: Array.from({length: 10}, (_, c) => `h${c}`),
            rows: Array.from({length: 50 * n}, (_, r) => Array.from({length: 10}, (_, c) => `${r}:${c}`))
          })
        ])
      ),
    run: parse
  },
  {
    name: '100·n invalid blocks (every one an issue)',
    entry: 'safeParseDocument',
    make: (n) => text(documentOf(Array.from({length: 100 * n}, (_, i) => block(i, {confidence: 2, bbox: [0, 0, 2, 'x']})))),
    run: parse
  },
  {
    name: '200·n blocks of unknown types with unknown keys (strict: every one an issue)',
    entry: 'safeParseDocument',
    make: (n) => text(documentOf(Array.from({length: 200 * n}, (_, i) => block(i, {type: `t${i}`, [`k${i}`]: i})))),
    run: strict
  },
  {
    name: '200·n keys in one unknown object',
    entry: 'safeParseDocument',
    make: (n) => text(documentOf([block(0)], {extra: Object.fromEntries(Array.from({length: 200 * n}, (_, i) => [`k${i}`, i]))})),
    run: parse
  },
  {
    name: '500·n unknown keys on the document (strict: rejected)',
    entry: 'safeParseDocument',
    make: (n) => text(documentOf([block(0)], Object.fromEntries(Array.from({length: 500 * n}, (_, i) => [`k${i}`, i])))),
    run: strict
  },
  {
    name: 'a 200 kB·n text field',
    entry: 'parseDocument',
    make: (n) => text(documentOf([block(0, {text: 'lorem ipsum '.repeat(17_000 * n)})])),
    run: (input) => parseDocument(input as string)
  },
  {
    name: '500·n blocks with duplicate ids and indexes (warnings)',
    entry: 'checkDocument',
    // Ties on position too, at every size (50 rows of blocks): the same work per block at 1× and 10×.
    make: (n) =>
      documentOf(
        Array.from({length: 500 * n}, (_, i) =>
          block(i, {id: 'same', reading_order_index: 0, verified: false, bbox: [0.1, (i % 50) / 50, 0.9, (i % 50) / 50 + 0.01]})
        )
      ),
    run: (input) => checkDocument(input as never)
  },
  {
    name: 'a value sharing one page 300·n times',
    entry: 'safeParseDocument',
    make: (n) => {
      const doc = documentOf([block(0), block(1)])
      return {...doc, pages: Array.from({length: 300 * n}, () => doc.pages[0])}
    },
    run: parse
  }
]
