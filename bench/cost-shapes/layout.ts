// Hostile page layouts for the reading-order cost check (`bench/cost.ts` runs every shape at
// scale 1 and 10): the XY-cut must stay near-linear on each, and the entry points that use it
// (`checkDocument`, strict `safeParseDocument`) with it.
import {type Block, type Document, type Page, checkDocument, inferReadingOrder, safeParseDocument} from '../../src/index.js'

/** A hostile shape: `make(scale)` builds the input, `run(input)` calls the entry point once. */
export interface CostShape {
  name: string
  entry: string
  make(scale: number): unknown
  run(input: unknown): unknown
}

type Box = [number, number, number, number]

const block = (i: number, bbox: Box, type: 'paragraph' | 'heading' = 'paragraph'): Block => ({
  id: `b${i}`,
  type,
  page: 1,
  bbox,
  bbox_units: 'normalized',
  reading_order_index: i,
  text: `block ${i}`,
  text_source: 'verified',
  confidence: 1,
  verified: true
})

const pageOf = (boxes: Box[]): Page => ({page: 1, blocks: boxes.map((bbox, i) => block(i, bbox))})

/**
 * Nested regions: a band across the region, then a narrow column beside the rest of it, and the
 * rest is the next region (`n` blocks, about n/2 levels deep).
 */
export function nestedLayout(n: number): Page {
  const levels = Math.ceil(n / 2)
  const step = 0.9 / levels
  const boxes: Box[] = []
  for (let level = 0; boxes.length < n; level++) {
    const x = 0.05 + level * step
    const y = 0.05 + level * step
    boxes.push([x, y, 0.95, y + step * 0.4])
    if (boxes.length < n) boxes.push([x, y + step * 0.5, x + step * 0.4, 0.95])
  }
  return pageOf(boxes)
}

/** A staircase: each block a little lower and further right, overlapping the next along x. */
export function staircaseLayout(n: number): Page {
  const step = 0.9 / n
  return pageOf(Array.from({length: n}, (_, i): Box => [i * step * 0.5, 0.05 + i * step, i * step * 0.5 + 0.5, 0.05 + (i + 0.8) * step]))
}

/** Rows of two columns (aligned paragraphs) ending in one full-width block. */
export function twoColumnRowsLayout(n: number): Page {
  const rows = Math.max(1, Math.floor((n - 1) / 2))
  const step = 0.9 / rows
  const boxes: Box[] = []
  for (let r = 0; r < rows; r++) {
    const y = 0.02 + r * step
    boxes.push([0.05, y, 0.45, y + step * 0.8], [0.55, y, 0.95, y + step * 0.8])
  }
  boxes.push([0.05, 0.95, 0.95, 0.98])
  return pageOf(boxes)
}

/**
 * A spiral: a column on the left, a band on top, a column on the right, a band at the bottom,
 * around the rest, repeated; every cut alternates direction and is one block deep.
 */
export function deepLayout(n: number): Page {
  const step = 0.45 / (n / 4 + 1)
  let [x0, y0, x1, y1] = [0.05, 0.05, 0.95, 0.95]
  const boxes: Box[] = []
  for (let i = 0; boxes.length < n; i++) {
    const side = i % 4
    if (side === 0) {
      boxes.push([x0, y0, x0 + step * 0.5, y1])
      x0 += step
    } else if (side === 1) {
      boxes.push([x0, y0, x1, y0 + step * 0.5])
      y0 += step
    } else if (side === 2) {
      boxes.push([x1 - step * 0.5, y0, x1, y1])
      x1 -= step
    } else {
      boxes.push([x0, y1 - step * 0.5, x1, y1])
      y1 -= step
    }
  }
  return pageOf(boxes)
}

/**
 * Nested regions built so that no scan can stop early: each level has a block reaching 0.6, one
 * from 0.5 below it, and a narrow column beside the rest. The cut runs out of its work budget and
 * reads the page top to bottom, so the cost stays n log n.
 */
export function intricateLayout(n: number): Page {
  const levels = Math.ceil(n / 3)
  const dx = 0.4 / levels
  const dy = 0.9 / levels
  const boxes: Box[] = []
  for (let i = 0; boxes.length < n; i++) {
    const [a, y] = [0.01 + i * dx, 0.05 + i * dy]
    boxes.push([a, y, 0.6, y + dy * 0.2], [0.5, y + dy * 0.3, 0.99, y + dy * 0.5], [a, y + dy * 0.6, a + dx * 0.5, 0.99])
  }
  return pageOf(boxes.slice(0, n))
}

/** Floats in two columns, each with a caption below, beside paragraphs that start between them. */
export function captionedLayout(n: number): Page {
  const rows = Math.max(1, Math.floor(n / 6))
  const step = 0.9 / rows
  const blocks: Block[] = []
  for (let r = 0; r < rows; r++) {
    const y = 0.05 + r * step
    for (const x of [0.05, 0.52]) {
      const i = blocks.length
      const {text: _text, ...common} = block(i, [x, y, x + 0.25, y + step * 0.5]) as Block & {text: string}
      blocks.push(
        {...common, type: 'table', headers: [], rows: [['cell']], text_source: 'derived', verified: false} as Block,
        {...block(i + 1, [x, y + step * 0.6, x + 0.2, y + step * 0.7]), type: 'caption', text: `Table ${i}`} as Block,
        block(i + 2, [x + 0.22, y + step * 0.45, x + 0.43, y + step * 0.9])
      )
    }
  }
  return {page: 1, blocks}
}

/** Two columns of long right-to-left paragraphs with Latin numbers (direction detection reads every character). */
export function rightToLeftLayout(n: number): Page {
  const rows = Math.max(1, Math.floor(n / 2))
  const step = 0.9 / rows
  const text = 'متن فارسی با عدد 2026 و PDF، '.repeat(20)
  const blocks: Block[] = []
  for (let r = 0; r < rows; r++) {
    const y = 0.05 + r * step
    blocks.push({...block(2 * r, [0.05, y, 0.45, y + step * 0.8]), text}, {...block(2 * r + 1, [0.55, y, 0.95, y + step * 0.8]), text})
  }
  return {page: 1, blocks}
}

/**
 * A form as wide as it is long: twenty rows (a page holds few rows 1% apart), each a short label
 * and a value in every further column, so the aligned rows are read across at every size.
 */
export function formLayout(n: number): Page {
  const rows = 20
  const lanes = Math.max(2, Math.ceil(n / rows))
  const width = 0.9 / lanes
  const boxes: Box[] = []
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < lanes; c++) boxes.push([0.05 + c * width, 0.05 + r * 0.045, 0.05 + (c + 0.8) * width, 0.05 + r * 0.045 + 0.02])
  return pageOf(boxes)
}

/** Containers: boxes nested like dolls (each holds all the rest), beside figures that each hold a table and two notes. */
export function containerLayout(n: number): Page {
  const dolls = Math.floor(n / 2)
  const d = 0.2 / (dolls + 1)
  const boxes: Box[] = Array.from({length: dolls}, (_, i): Box => [0.02 + i * d, 0.02 + i * d, 0.48 - i * d, 0.98 - i * d])
  const figures = Math.max(1, Math.ceil((n - dolls) / 4))
  const step = 0.96 / figures
  for (let f = 0; boxes.length < n; f++) {
    const y = 0.02 + f * step
    boxes.push(
      [0.52, y, 0.98, y + step * 0.9],
      [0.54, y + step * 0.1, 0.96, y + step * 0.5],
      [0.54, y + step * 0.6, 0.7, y + step * 0.8],
      [0.75, y + step * 0.6, 0.96, y + step * 0.8]
    )
  }
  return pageOf(boxes.slice(0, n))
}

/** The document of one page, as a plain value (what `safeParseDocument` receives). */
export function documentOf(page: Page): Document {
  return {
    source: {kind: 'pdf', filename: 'layout.pdf', file_hash: `sha256:${'0'.repeat(64)}`, page_count: 1, page_sizes: [[8.5, 11]]},
    extraction: {model: 'bench', profile: 'advanced', duration_ms: 1, faithfulness_score: 1, per_page_failures: []},
    pages: [page]
  } as Document
}

const LAYOUTS: Array<[string, (n: number) => Page, number]> = [
  ['nested regions', nestedLayout, 600],
  ['staircase', staircaseLayout, 1600],
  ['two-column rows + full-width block', twoColumnRowsLayout, 1600],
  ['deep spiral', deepLayout, 600],
  ['intricate nesting (budget fallback)', intricateLayout, 600],
  ['captioned floats beside paragraphs', captionedLayout, 1200],
  ['right-to-left two columns', rightToLeftLayout, 600],
  ['form of aligned rows', formLayout, 1600],
  ['nested containers and figures holding blocks', containerLayout, 1200]
]

export const shapes: CostShape[] = LAYOUTS.flatMap(([name, layout, base]): CostShape[] => [
  {
    name: `layout: ${name}`,
    entry: 'inferReadingOrder',
    make: (scale) => layout(base * scale),
    run: (page) => inferReadingOrder(page as Page)
  },
  {
    name: `layout: ${name}`,
    entry: 'checkDocument',
    make: (scale) => documentOf(layout(base * scale)),
    run: (doc) => checkDocument(doc as Document)
  },
  {
    name: `layout: ${name}`,
    entry: 'safeParseDocument (strict)',
    make: (scale) => JSON.parse(JSON.stringify(documentOf(layout(base * scale)))),
    run: (value) => safeParseDocument(value, {mode: 'strict'})
  }
])
