import type {CodeBlock} from '../../model/index.js'
import {withoutNul} from '../text.js'
import type {Handler} from '../types.js'

/** A fenced code block, verbatim; the fence grows past any run of backticks in the code. */
export const code: Handler<CodeBlock> = (block) => {
  const value = withoutNul(block.text).replace(/\r\n?/g, '\n').replace(/\n+$/, '')
  if (value.trim() === '') return []
  const lang = block.language?.trim().split(/\s+/)[0] || null
  return [{type: 'code', lang, meta: null, value}]
}
