import type {Block, CaptionBlock, ImageBlock} from '../model/index.js'

// A figure's caption is often given twice: as the image's own `caption` or `alt`, and as the
// caption block next to it (extractors also cut one of the two at a length, mid-word). These
// functions find the pair and what the image says beyond the caption block, so the caption is
// written once (the caption block's) and no word is lost. One pass over each text.

/** A text's next word (whitespace-separated) from where `pattern` (/\S+/g) stands, with where it starts and ends. */
function nextWord(pattern: RegExp, text: string): {word: string; start: number; end: number} | undefined {
  const match = pattern.exec(text)
  return match === null ? undefined : {word: match[0], start: match.index, end: match.index + match[0].length}
}

/** A word as it is compared: without case or width. */
const keyOf = (word: string) => word.normalize('NFKC').toLowerCase()

/** Whether `cut` can be `word` cut short: a true prefix, and no digit in either (`1` is not a cut `12:`). */
const cutOf = (cut: string, word: string) => word.startsWith(cut) && !/\p{Nd}/u.test(word)

/**
 * Where `text` stops repeating `caption`: `text`'s offset after the words it shares with the
 * caption when one of the two is the other's beginning, word by word (case, width and spacing
 * aside; the last word of the shorter may be cut short, unless it holds a digit); `undefined`
 * when they say different things. `text.slice(result)` is what `text` says beyond the caption
 * ('' when nothing). When the caption is the one cut short, `text` is new from the cut word on:
 * `region` does not say `regionally`, so that word is not a repeat.
 *
 * @example
 * repeatEnd('Fig. 1. Sales by region', 'fig. 1.  Sales') // 13: ' by region' is new
 * repeatEnd('Fig. 1. Sales', 'Fig. 1. Sales by region') // 13: nothing new
 * repeatEnd('Sales by regionally', 'Sales by region') // 9: 'regionally' is new
 */
export function repeatEnd(text: string, caption: string): number | undefined {
  // Word by word in step, each text's next word looked ahead (most pairs differ early: no text is split whole).
  const inText = /\S+/g
  const inCaption = /\S+/g
  let a = nextWord(inText, text)
  let b = nextWord(inCaption, caption)
  if (a === undefined || b === undefined) return undefined
  for (;;) {
    const nextA = nextWord(inText, text)
    const nextB = nextWord(inCaption, caption)
    // Only the last word of the shorter text may be cut short.
    const last = nextA === undefined || nextB === undefined
    // (The same word needs no normalising: most repeats are word for word.)
    if (a.word !== b.word && keyOf(a.word) !== keyOf(b.word)) {
      if (last && nextA === undefined && cutOf(keyOf(a.word), keyOf(b.word))) return a.end
      if (last && nextB === undefined && cutOf(keyOf(b.word), keyOf(a.word))) return a.start
      return undefined
    }
    if (last) return a.end
    a = nextA
    b = nextB
  }
}

/** Whether an image-like block's own texts repeat a caption block's (see `repeatEnd`). */
function repeats(block: ImageBlock, caption: CaptionBlock): boolean {
  return [block.caption, block.alt, block.embedded_text].some((own) => own !== undefined && repeatEnd(own, caption.text) !== undefined)
}

/**
 * The caption block of each image on a page: the block right after it, or else right before it,
 * when it is a caption whose text the image's caption, alt or embedded text repeats. Linear in
 * the page's blocks.
 */
export function figureCaptions(blocks: readonly Block[]): Map<Block, CaptionBlock> {
  const out = new Map<Block, CaptionBlock>()
  blocks.forEach((block, index) => {
    if (block.type !== 'image') return
    for (const neighbour of [blocks[index + 1], blocks[index - 1]])
      if (neighbour?.type === 'caption' && repeats(block as ImageBlock, neighbour as CaptionBlock)) {
        out.set(block, neighbour as CaptionBlock)
        return
      }
  })
  return out
}

/**
 * What `own` (an image's caption, alt or embedded text) says beyond the figure's caption block:
 * `own` itself without one, '' when it only repeats it, else `…` and the words that follow.
 */
export function beyondCaption(own: string | undefined, caption: string | undefined, ellipsis = true): string | undefined {
  if (own === undefined || caption === undefined) return own
  const end = repeatEnd(own, caption)
  if (end === undefined) return own
  const rest = own.slice(end).trim()
  return rest === '' ? '' : ellipsis ? `…${rest}` : rest
}
