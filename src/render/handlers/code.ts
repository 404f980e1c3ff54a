import type {CodeBlock} from '../../model/index.js'
import {withoutNul} from '../text.js'
import type {Handler} from '../types.js'

/** A fenced code block, verbatim; the fence grows past any run of backticks in the code. */
export const code: Handler<CodeBlock> = (block) => {
  const fence = codeFence(block)
  return fence === undefined ? [] : [{type: 'code', meta: null, ...fence}]
}

/** The code block's fence content and language (the direct writer's too), or undefined when the code is blank. */
export function codeFence(block: CodeBlock): {lang: string | null; value: string} | undefined {
  const value = withoutTrailingNewlines(withoutNul(block.text).replace(/\r\n?/g, '\n'))
  if (value.trim() === '') return undefined
  return {lang: withoutNul(block.language ?? '').trim().split(/\s+/)[0] || null, value}
}

/** The text without its trailing line feeds (a loop: `/\n+$/` backtracks over every run). */
function withoutTrailingNewlines(value: string): string {
  let end = value.length
  while (end > 0 && value.charCodeAt(end - 1) === 10) end--
  return end === value.length ? value : value.slice(0, end)
}
