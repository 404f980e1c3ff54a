import {TEXT_BLOCK_TYPES} from '../model/constants.js'
import type {Document, TextSource} from '../model/index.js'

/** The numbers a pipeline logs before deciding what to keep. */
export interface BlockStats {
  pages: number
  blocks: number
  /** Blocks per type, unknown types included, keys sorted; a null-prototype object, so a type named `__proto__` or `constructor` is just a key. */
  byType: Record<string, number>
  byTextSource: Record<TextSource, number>
  /** Ten bins of confidence: `[0, 0.1)`, `[0.1, 0.2)`, …, `[0.9, 1]`. */
  confidenceHistogram: number[]
  /** Lowest and mean confidence (`null` when there are no blocks). */
  minConfidence: number | null
  meanConfidence: number | null
  /** Share of text-bearing blocks whose text is inferred, by count and by characters (`null` without text). */
  inferredShare: {blocks: number | null; characters: number | null}
}

const textTypes: ReadonlySet<string> = new Set(TEXT_BLOCK_TYPES)

/**
 * Counts by type and text source, a confidence histogram and the share of inferred text.
 *
 * @example
 * const {inferredShare} = blockStats(doc)
 * if ((inferredShare.characters ?? 0) > 0.2) console.warn('mostly model-written')
 */
export function blockStats(doc: Document): BlockStats {
  // Type names come from the document: a Map, never a plain object's inherited keys.
  const byType = new Map<string, number>()
  const byTextSource: Record<TextSource, number> = {verified: 0, inferred: 0, derived: 0}
  const confidenceHistogram = Array.from({length: 10}, () => 0)
  let blocks = 0
  let confidenceSum = 0
  let minConfidence = Infinity
  let textBlocks = 0
  let inferredBlocks = 0
  let textChars = 0
  let inferredChars = 0
  for (const page of doc.pages)
    for (const block of page.blocks) {
      blocks++
      byType.set(block.type, (byType.get(block.type) ?? 0) + 1)
      if (Object.hasOwn(byTextSource, block.text_source)) byTextSource[block.text_source]++
      confidenceHistogram[Math.min(9, Math.floor(block.confidence * 10))]!++
      confidenceSum += block.confidence
      minConfidence = Math.min(minConfidence, block.confidence)
      if (textTypes.has(block.type) && typeof block.text === 'string') {
        const chars = block.text.length
        const inferred = block.text_source === 'inferred'
        textBlocks++
        textChars += chars
        if (inferred) (inferredBlocks++, (inferredChars += chars))
      }
    }
  const sortedTypes: Record<string, number> = Object.create(null)
  for (const type of [...byType.keys()].sort()) sortedTypes[type] = byType.get(type)!
  return {
    pages: doc.pages.length,
    blocks,
    byType: sortedTypes,
    byTextSource,
    confidenceHistogram,
    minConfidence: blocks > 0 ? minConfidence : null,
    meanConfidence: blocks > 0 ? confidenceSum / blocks : null,
    inferredShare: {
      blocks: textBlocks > 0 ? inferredBlocks / textBlocks : null,
      characters: textChars > 0 ? inferredChars / textChars : null
    }
  }
}
