import type {ListItem, Paragraph, Parents} from 'mdast'
import type {Handle, Info, State} from 'mdast-util-to-markdown'
import {inConstructs} from './constructs.js'
import {image} from './image.js'
import {safeText} from './text.js'

/**
 * The stock `paragraph` handler (as GFM extends it: the first paragraph of a task item starts
 * with its checkbox), skipping the phrasing machinery for the paragraphs docmodel builds (see
 * `paragraphOf`); other paragraphs go through the stock container.
 */
export const paragraph: Handle = (node: Paragraph, parent: Parents | undefined, state: State, info: Info) => {
  if (parent?.type !== 'listItem' || taskParagraph(parent) !== node) return plain(node, state, info)
  // A checkbox needs content after it: a space (which comes out encoded) when there is none.
  const content: Paragraph = node.children.length > 0 ? node : {type: 'paragraph', children: [{type: 'text', value: ' '}]}
  return `[${parent.checked ? 'x' : ' '}] ` + plain(content, state, info)
}

const plain = (node: Paragraph, state: State, info: Info) =>
  paragraphOf(node, state, info) ?? inConstructs(state, ['paragraph', 'phrasing'], () => state.containerPhrasing(node, info))

/** The paragraph that carries a task item's checkbox: its first, past any definitions. */
function taskParagraph(item: ListItem): Paragraph | undefined {
  if (typeof item.checked !== 'boolean') return undefined
  for (const child of item.children) {
    if (child.type === 'paragraph') return child
    if (child.type !== 'definition') return undefined
  }
  return undefined
}

const isWhitespace = (character: string) => /^\s$/.test(character)

/**
 * The stock bytes of a paragraph that is one text node (that text made safe), one image (the
 * image's), or one emphasis or strong around one text node between whitespace (as every
 * paragraph in flow is): the text made safe between `*` or `**`. The attention machinery would
 * change nothing there as long as the text neither starts nor ends with whitespace: the markers
 * then always open and close, and nothing needs encoding. Undefined for any other paragraph.
 */
export function paragraphOf(node: Paragraph, state: State, info: Info): string | undefined {
  const only = node.children.length === 1 ? node.children[0]! : undefined
  if (only?.type === 'text') return inConstructs(state, ['paragraph', 'phrasing'], () => safeText(only.value, state, info))
  // One image: the phrasing container would give the image handler's output as it is.
  if (only?.type === 'image') return inConstructs(state, ['paragraph', 'phrasing'], () => image(only, node, state, info))
  if (only?.type !== 'emphasis' && only?.type !== 'strong') return undefined
  const text = only.children.length === 1 ? only.children[0]! : undefined
  const marker = (only.type === 'emphasis' ? state.options.emphasis : state.options.strong) ?? '*'
  if (text?.type !== 'text' || marker !== '*' || !isWhitespace(info.before.slice(-1)) || !isWhitespace(info.after.charAt(0)))
    return undefined
  const sequence = only.type === 'emphasis' ? '*' : '**'
  const inner = inConstructs(state, ['paragraph', 'phrasing', only.type], () =>
    safeText(text.value, state, {...info, before: sequence, after: sequence})
  )
  if (inner === '' || isWhitespace(inner.charAt(0)) || isWhitespace(inner.slice(-1))) return undefined
  return sequence + inner + sequence
}
