import type {HeadingBlock} from '../../model/index.js'
import {singleLine, text} from '../text.js'
import type {Handler, ResolvedRenderOptions} from '../types.js'

type Depth = 1 | 2 | 3 | 4 | 5 | 6

/** A heading's depth from its role through `headingLevels` (2 for other roles). */
export function roleDepth(role: string | null | undefined, options: ResolvedRenderOptions): Depth {
  return (role && Object.hasOwn(options.headingLevels, role) && options.headingLevels[role]) || 2
}

/**
 * An ATX heading. Its depth comes from its section number when the document numbers its headings
 * consistently (`2.1 Pricing` → `###`, see the `headingNumbering` option), else from `role`
 * through the `headingLevels` option (2 otherwise).
 */
export const heading: Handler<HeadingBlock> = (block, {options, numberedDepth}) => {
  const value = singleLine(block.text)
  if (value === '') return []
  return [{type: 'heading', depth: (numberedDepth as Depth | undefined) ?? roleDepth(block.role, options), children: [text(value)]}]
}
