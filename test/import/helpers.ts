import type {Document} from '../../src/index.js'
import {renderMarkdown} from '../../src/index.js'
import type {Issue} from '../../src/issues.js'
import {readMicromark} from '../helpers/readers.js'

/**
 * What a reader reads back of the document's blocks: each rendered on its own (furniture and text
 * in images included), so that the render's caption-once rule, which leaves an image's words that
 * repeat the caption block beside it to that block, does not count as a loss of the import's.
 */
export const readBack = (document: Document): string =>
  document.pages
    .flatMap((page) => page.blocks.map((block) => readMicromark(renderMarkdown([block], {furniture: true, embeddedText: true})).text))
    .join(' ')

/**
 * The words of `sources` that the read-back text lacks, counted as multisets: nothing lost means
 * every word of every source text is there at least as often (a text cut over two pages, or a
 * list marker taken off, still counts).
 */
export function missingWords(sources: readonly string[], read: string): string[] {
  const have = new Map<string, number>()
  for (const word of read.split(' ')) if (word !== '') have.set(word, (have.get(word) ?? 0) + 1)
  const missing: string[] = []
  for (const text of sources)
    for (const word of text.split(/\s+/)) {
      if (word === '') continue
      const left = have.get(word) ?? 0
      if (left === 0) missing.push(word)
      else have.set(word, left - 1)
    }
  return missing
}

/** Every block of a document lies on a page it has, inside the page (normalized, corners in order). */
export function boxesOffPage(document: Document): string[] {
  const out: string[] = []
  for (const page of document.pages)
    for (const block of page.blocks) {
      const [x0, y0, x1, y1] = block.bbox
      if (block.page < 1 || block.page > document.source.page_count) out.push(`${block.id}: page ${block.page}`)
      if (block.bbox_units !== 'normalized' || !(0 <= x0 && x0 <= x1 && x1 <= 1 && 0 <= y0 && y0 <= y1 && y1 <= 1))
        out.push(`${block.id}: ${JSON.stringify(block.bbox)}`)
    }
  return out
}

/** JSON pointers of the source items an importer warned it could not place. */
export const unplaced = (warnings: readonly Issue[]) => new Set(warnings.filter((w) => w.code === 'no_position').map((w) => w.pointer))
