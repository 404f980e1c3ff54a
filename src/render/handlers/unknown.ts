import type {UnknownBlock} from '../../model/index.js'
import {textParagraphs} from '../text.js'
import type {Handler} from '../types.js'

/** A block of a type this version does not know: its `text` as paragraphs when it has one, else left out with a warning. */
export const unknown: Handler<UnknownBlock> = (block, {warn}) => {
  if (typeof block.text === 'string') return textParagraphs(block.text)
  warn('unknown_block_omitted', `block type ${JSON.stringify(block.type)} is unknown and has no text; left out`)
  return []
}
