import type {HeadingBlock} from '../../model/index.js'
import {singleLine, text} from '../text.js'
import type {Handler} from '../types.js'

/** An ATX heading; its depth comes from `role` through the `headingLevels` option (2 otherwise). */
export const heading: Handler<HeadingBlock> = (block, {options}) => {
  const value = singleLine(block.text)
  if (value === '') return []
  const depth = (block.role && Object.hasOwn(options.headingLevels, block.role) && options.headingLevels[block.role]) || 2
  return [{type: 'heading', depth, children: [text(value)]}]
}
