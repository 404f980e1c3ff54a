import type {Paragraph} from 'mdast'
import type {Handle, State} from 'mdast-util-to-markdown'
import {safeText} from './text.js'

/**
 * The stock `paragraph` handler, skipping the phrasing machinery when the paragraph is one text
 * node (what every text block renders to): the stock container then gives exactly that text's
 * output. Other paragraphs go through the stock container.
 */
export const paragraph: Handle = (node: Paragraph, _parent, state: State, info) => {
  const exit = state.enter('paragraph')
  const exitPhrasing = state.enter('phrasing')
  const only = node.children.length === 1 ? node.children[0] : undefined
  const value = only?.type === 'text' ? safeText(only.value, state, info) : state.containerPhrasing(node, info)
  exitPhrasing()
  exit()
  return value
}
