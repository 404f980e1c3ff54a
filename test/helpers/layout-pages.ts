import {type Block, type Document, parseDocument} from '../../src/index.js'
import {makeBlock} from './blocks.js'
import {EXAMPLE, readJsonFile} from './paths.js'

/**
 * A two-column page in layout order: a title across, two paragraphs on the left, a caption above
 * its table and a paragraph on the right (ids say where each sits).
 */
export function twoColumnBlocks(): Block[] {
  return [
    makeBlock('heading', {id: 'title', role: 'title', bbox: [0.1, 0.05, 0.9, 0.1], text: 'A two-column page'}),
    makeBlock('paragraph', {id: 'left-1', bbox: [0.1, 0.15, 0.45, 0.3], text: 'Left column, first paragraph.'}),
    makeBlock('paragraph', {id: 'left-2', bbox: [0.1, 0.32, 0.45, 0.5], text: 'Left column, second paragraph.'}),
    makeBlock('caption', {id: 'caption', bbox: [0.55, 0.15, 0.9, 0.18], text: 'Table 1: the caption above its table.'}),
    makeBlock('table', {id: 'table', bbox: [0.55, 0.19, 0.9, 0.4], headers: ['Key', 'Value'], rows: [['a', '1']]}),
    makeBlock('paragraph', {id: 'right-1', bbox: [0.55, 0.42, 0.9, 0.5], text: 'Right column, last paragraph.'})
  ].map((block, i) => ({...block, page: 1, reading_order_index: i}))
}

export const LAYOUT_IDS = ['title', 'left-1', 'left-2', 'caption', 'table', 'right-1']

/** A document of one page of these blocks (the example's metadata). */
export function documentOf(blocks: Block[]): Document {
  const example = parseDocument(readJsonFile(EXAMPLE))
  return {
    ...example,
    source: {...example.source, page_count: 1, page_sizes: [[8.5, 11]]},
    extraction: {...example.extraction, per_page_failures: []},
    pages: [{page: 1, blocks}]
  }
}

/** The same document with every page's `reading_order_index` reversed (and the array too): the indexes lie. */
export function reverseIndexes(doc: Document): Document {
  return {
    ...doc,
    pages: doc.pages.map((page) => {
      const n = page.blocks.length
      const ranked = [...page.blocks].sort((a, b) => a.reading_order_index - b.reading_order_index)
      return {...page, blocks: ranked.map((block, rank) => ({...block, reading_order_index: n - 1 - rank})).reverse()}
    })
  }
}
