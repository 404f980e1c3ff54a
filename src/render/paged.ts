// Rendering pages that are read one at a time (the CLI reads a large document page by page from
// its bytes): a survey of every page first keeps only what the whole document decides (each
// page's number, for the order; its headings, for the depths their section numbers give), then
// the pages are read again one by one, in page order, and rendered. The bytes are those of
// `renderMarkdown` of the whole document (test/cli/paged-render.test.ts).
import type {Block, Page} from '../model/index.js'
import {filterBlocks, onlyPages} from '../select/filter.js'
import {sortByReadingOrder} from '../select/order.js'
import {type PageSource, type PreparedPages, criteriaOf, headingDepths} from './pages.js'
import type {RenderOptions} from './types.js'

/** What the survey keeps of a page: its number and its headings, in the page's reading order. */
interface Surveyed {
  number: number
  headings: Block[]
}

/**
 * Pages surveyed one at a time, then read again to render (`source`). `add` takes every page of
 * the document once, in the array's order; `source(read)` renders them, `read(position)` giving
 * the page at that place in the array again (a fresh copy: the pages are never all held).
 */
export function createPageSurvey(options: RenderOptions) {
  const surveyed: Surveyed[] = []
  const order = {by: options.order, direction: options.direction}
  return {
    add(page: Page): void {
      const sorted = sortByReadingOrder({pages: [page]}, order).pages[0]!
      surveyed.push({number: page.page, headings: sorted.blocks.filter((block) => block.type === 'heading')})
    },
    source(read: (position: number) => Page): PageSource {
      return {
        prepare(renderOptions, resolved, warnings): PreparedPages {
          // The whole document's order: pages ascending by number, the array's order among equals.
          const positions = surveyed.map((_, position) => position).sort((x, y) => surveyed[x]!.number - surveyed[y]!.number || x - y)
          const outline = {pages: positions.map((p) => ({page: surveyed[p]!.number, blocks: surveyed[p]!.headings}))}
          const all = resolved.headingNumbering ? headingDepths(outline, resolved, warnings) : undefined
          // The depths of the page being rendered, keyed by its own blocks (the survey's copies are others).
          const depths = all && new Map<Block, number>()
          const criteria = criteriaOf(renderOptions)
          const wanted = (number: number) => criteria.every((c) => onlyPages({pages: [{page: number, blocks: []}]}, c.pages).pages.length > 0)
          function* pages(): Generator<Page> {
            for (const position of positions) {
              const {number, headings} = surveyed[position]!
              if (!wanted(number)) continue
              let doc = sortByReadingOrder({pages: [read(position)]}, order)
              if (all && depths) {
                depths.clear()
                let h = 0
                for (const block of doc.pages[0]!.blocks)
                  if (block.type === 'heading') {
                    const depth = all.get(headings[h++]!)
                    if (depth !== undefined) depths.set(block, depth)
                  }
              }
              for (const c of criteria) doc = onlyPages(filterBlocks(doc, c), c.pages)
              yield* doc.pages
            }
          }
          return {pages: pages(), depths}
        }
      }
    }
  }
}
