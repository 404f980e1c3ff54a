import type {CaptionBlock} from '../../model/index.js'
import {paragraph, phrasingText, text} from '../text.js'
import type {Handler} from '../types.js'

/** An emphasised paragraph. */
export const caption: Handler<CaptionBlock> = (block) => {
  const value = phrasingText(block.text)
  return value === '' ? [] : paragraph([{type: 'emphasis', children: [text(value)]}])
}
