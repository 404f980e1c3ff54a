// Hostile shapes for selecting: filters, index order, statistics.
import {blockStats, filterBlocks, sortByReadingOrder} from '../../src/index.js'
import type {Document} from '../../src/index.js'
import {block, documentOf} from '../hostile-documents.js'
import type {CostShape} from './types.js'

const many = (n: number, fields: (i: number) => Record<string, unknown> = () => ({}), pages = 1) =>
  documentOf(
    Array.from({length: 200 * n}, (_, i) => block(i, fields(i))),
    {},
    pages
  )
const doc = (input: unknown) => input as Document

export const shapes: CostShape[] = [
  {
    name: '200·n blocks of distinct unknown types',
    entry: 'blockStats',
    make: (n) => many(n, (i) => ({type: `type_${i}`})),
    run: (input) => blockStats(doc(input))
  },
  {
    name: '200·n blocks named like Object.prototype members',
    entry: 'blockStats',
    make: (n) => many(n, (i) => ({type: ['constructor', '__proto__', 'toString', 'valueOf'][i % 4]})),
    run: (input) => blockStats(doc(input))
  },
  {
    name: 'a 100 kB·n text field',
    entry: 'blockStats',
    make: (n) => documentOf([block(0, {text: ' \n'.repeat(50_000 * n)})]),
    run: (input) => blockStats(doc(input))
  },
  {
    name: '200·n blocks, the trusted preset',
    entry: 'filterBlocks',
    make: (n) => many(n, (i) => ({text_source: i % 2 ? 'inferred' : 'verified', verified: i % 2 === 0})),
    run: (input) => filterBlocks(doc(input), 'trusted')
  },
  {
    name: '200·n blocks on 200·n pages, a page list of 200·n numbers',
    entry: 'filterBlocks',
    make: (n) => ({doc: many(n, () => ({}), 200 * n), pages: Array.from({length: 200 * n}, (_, i) => i + 1)}),
    run: (input) => {
      const {doc, pages} = input as {doc: Document; pages: number[]}
      return filterBlocks(doc, {pages, roles: [null], types: ['paragraph']})
    }
  },
  {
    name: '200·n blocks on one page in reverse index order',
    entry: 'sortByReadingOrder',
    make: (n) => many(n, (i) => ({reading_order_index: 200 * n - i})),
    run: (input) => sortByReadingOrder(doc(input))
  },
  {
    // Descending ids: every comparison falls through index, top and left to the id.
    name: '200·n blocks, all the same index and place (ties broken by id)',
    entry: 'sortByReadingOrder',
    make: (n) => many(n, (i) => ({reading_order_index: 0, bbox: [0.1, 0.5, 0.9, 0.6], id: `b${String(200 * n - i).padStart(8, '0')}`})),
    run: (input) => sortByReadingOrder(doc(input))
  },
  {
    // Duplicate ids too: the last-resort tie-break compares the blocks' content.
    name: '200·n blocks equal but for their text, one id (ties broken by content)',
    entry: 'sortByReadingOrder',
    make: (n) =>
      many(n, (i) => ({reading_order_index: 0, bbox: [0.1, 0.5, 0.9, 0.6], id: 'same', text: `t${String(200 * n - i).padStart(8, '0')}`})),
    run: (input) => sortByReadingOrder(doc(input))
  },
  {
    name: '200·n pages in descending order',
    entry: 'sortByReadingOrder',
    make: (n) => {
      const d = many(n, () => ({}), 200 * n)
      return {...d, pages: [...d.pages].reverse()}
    },
    run: (input) => sortByReadingOrder(doc(input))
  }
]
