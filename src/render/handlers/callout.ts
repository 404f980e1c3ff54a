import type {CalloutBlock} from '../../model/index.js'
import {textParagraphs} from '../text.js'
import type {Handler} from '../types.js'

/** A block quote of the text's paragraphs. */
export const callout: Handler<CalloutBlock> = (block) => {
  const children = textParagraphs(block.text)
  return children.length === 0 ? [] : [{type: 'blockquote', children}]
}
