import type {Block} from '../model/index.js'

/**
 * The total reading order of model.md: page, `reading_order_index`, bbox top, bbox left, `id`.
 * Blocks equal on all five (a duplicated id) fall back to their content, so the order never
 * depends on the input array.
 */
export function compareBlocks(a: Block, b: Block): number {
  return a.page - b.page || compareInPage(a, b)
}

/** The same order for blocks of one page: the enclosing page counts, not a mismatched `block.page`. */
export function compareInPage(a: Block, b: Block): number {
  return a.reading_order_index - b.reading_order_index || comparePosition(a, b) || compareContent(a, b)
}

/** Top, then left, then `id`: the order of blocks that have nothing else to go by. */
export function comparePosition(a: Block, b: Block): number {
  return a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0] || compareStrings(a.id, b.id)
}

/** Code-unit order: the same on every platform and locale (unlike `localeCompare`). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The last resort between blocks equal on everything else: their content (canonical JSON), so no order depends on the input array. */
export function compareContent(a: Block, b: Block): number {
  return a === b ? 0 : compareStrings(contentOf(a, contents, canonicalJson), contentOf(b, contents, canonicalJson))
}

/**
 * `compareContent` apart from the bbox, for orders that have compared the boxes already in their
 * own frame (the XY-cut mirrors x on right-to-left pages: a tie must break the same way mirrored).
 */
export function compareContentApartFromBox(a: Block, b: Block): number {
  return a === b ? 0 : compareStrings(contentOf(a, contentsApartFromBox, withoutBox), contentOf(b, contentsApartFromBox, withoutBox))
}

// A sort meets the same tied block many times: its canonical JSON is made once per block object
// (so ties cost n log n string comparisons, not n log n serialisations).
const contents = new WeakMap<Block, string>()
const contentsApartFromBox = new WeakMap<Block, string>()
const withoutBox = (block: Block) => canonicalJson({...block, bbox: null})
function contentOf(block: Block, cache: WeakMap<Block, string>, make: (block: Block) => string): string {
  let content = cache.get(block)
  if (content === undefined) cache.set(block, (content = make(block)))
  return content
}

/** JSON with sorted keys, for the last-resort tie-break; '' when the value is too deep to print. */
function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => compareStrings(x, y)))
        : v
    )
  } catch {
    return ''
  }
}
