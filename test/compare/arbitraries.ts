import {fc} from '@fast-check/vitest'
import type {BBox, Block, Document} from '../../src/index.js'

const WORDS = ['revenue', 'grew', 'Q3', 'margin', 'the', 'of', '12%', 'é', '🙂']

type Kind = 'paragraph' | 'heading' | 'table' | 'image'

/** A block with the given content and plausible common fields. */
export function block(id: string, page: number, kind: Kind, bbox: BBox, words: string[], extra: Partial<Block> = {}): Block {
  const text = words.join(' ')
  const common = {id, page, bbox, bbox_units: 'normalized', reading_order_index: 0, confidence: 0.9, role: null}
  const content =
    kind === 'table'
      ? {type: 'table', headers: words.slice(0, 2), rows: [words.slice(2, 4), words.slice(4)], text_source: 'derived', verified: false}
      : kind === 'image'
        ? {type: 'image', url: 'https://example.com/i.png', alt: text, text_source: 'derived', verified: false}
        : {type: kind, text, text_source: 'verified', verified: true}
  return {...common, ...content, ...extra} as Block
}

/** A document of the given pages, reading_order_index set from each page's array order. */
export function documentOf(pages: Block[][]): Document {
  return {
    source: {
      kind: 'pdf',
      filename: 'x.pdf',
      file_hash: `sha256:${'0'.repeat(64)}`,
      page_count: Math.max(1, pages.length),
      page_sizes: pages.map(() => [8.5, 11])
    },
    extraction: {model: 'm', profile: 'p', duration_ms: 1, faithfulness_score: null, per_page_failures: []},
    pages: pages.map((blocks, i) => ({page: i + 1, blocks: blocks.map((b, k) => ({...b, page: i + 1, reading_order_index: k}))}))
  } as Document
}

const coordinate = fc.integer({min: 0, max: 20}).map((n) => n / 20)
const boxArb = fc
  .tuple(coordinate, coordinate, coordinate, coordinate)
  .map(([a, b, c, d]): BBox => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)])
const wordsArb = fc.array(fc.constantFrom(...WORDS), {maxLength: 8})
const kindArb = fc.constantFrom<Kind>('paragraph', 'paragraph', 'heading', 'table', 'image')

const blockSpec = fc.record({kind: kindArb, box: boxArb, words: wordsArb, confidence: fc.constantFrom(0.5, 0.9, 1)})
const pagesSpec = fc.array(fc.array(blockSpec, {maxLength: 7}), {minLength: 1, maxLength: 3})

/** A document of random blocks: boxes on a coarse grid (so they often coincide, nest and overlap). */
export const documentArb = pagesSpec.map((pages) =>
  documentOf(
    pages.map((specs, p) => specs.map((s, i) => block(`p${p + 1}-${i}`, p + 1, s.kind, s.box, s.words, {confidence: s.confidence})))
  )
)

const edit = fc.record({
  op: fc.constantFrom('keep', 'keep', 'jitter', 'text', 'drop', 'split', 'retype', 'move', 'confidence'),
  box: boxArb,
  words: wordsArb,
  inserted: fc.option(blockSpec, {nil: undefined})
})

/** Two documents: a random one and a re-extraction of it (kept, moved, edited, dropped, split, retyped and inserted blocks). */
export const documentPairArb = fc
  .tuple(pagesSpec, fc.array(fc.array(edit, {maxLength: 8}), {maxLength: 3}), fc.boolean())
  .map(([pages, edits, shuffle]) => {
    const a = documentOf(
      pages.map((specs, p) => specs.map((s, i) => block(`p${p + 1}-${i}`, p + 1, s.kind, s.box, s.words, {confidence: s.confidence})))
    )
    const b = a.pages.map((page, p) => {
      const out: Block[] = []
      page.blocks.forEach((x, i) => {
        const e = edits[p]?.[i]
        const words = x.type === 'table' || x.type === 'image' ? [] : (x as {text: string}).text.split(' ').filter(Boolean)
        switch (e?.op ?? 'keep') {
          case 'drop':
            break
          case 'jitter':
            out.push({...x, bbox: [x.bbox[0], x.bbox[1], Math.min(1, x.bbox[2] + 0.01), x.bbox[3]]})
            break
          case 'text':
            out.push(
              x.type === 'table'
                ? {...x, rows: [e!.words]}
                : x.type === 'image'
                  ? {...x, alt: e!.words.join(' ')}
                  : ({...x, text: e!.words.join(' ')} as Block)
            )
            break
          case 'split': {
            const [x0, y0, x1, y1] = x.bbox
            const middle = (y0 + y1) / 2
            const half = Math.ceil(words.length / 2)
            out.push(block(`${x.id}s1`, p + 1, 'paragraph', [x0, y0, x1, middle], words.slice(0, half)))
            out.push(block(`${x.id}s2`, p + 1, 'paragraph', [x0, middle, x1, y1], words.slice(half)))
            break
          }
          case 'retype':
            out.push({...x, type: x.type === 'heading' ? 'paragraph' : 'heading', text: words.join(' ')} as Block)
            break
          case 'move':
            out.push({...x, bbox: e!.box})
            break
          case 'confidence':
            out.push({...x, confidence: x.confidence > 0.5 ? 0.3 : 0.95})
            break
          default:
            out.push(x)
        }
        if (e?.inserted) out.push(block(`new${p + 1}-${i}`, p + 1, e.inserted.kind, e.inserted.box, e.inserted.words))
      })
      return shuffle ? out.reverse() : out
    })
    return [a, documentOf(b)] as const
  })
