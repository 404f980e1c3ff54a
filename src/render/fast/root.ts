import type {Heading, Nodes, Parents, Root, RootContent} from 'mdast'
import {type Handle, type Info, type State, defaultHandlers} from 'mdast-util-to-markdown'
import {safeText} from './text.js'

/** Node types that are flow content whatever their children: a root of only these is a flow container. */
const flow = new Set<string>(['paragraph', 'heading', 'list', 'table', 'code', 'math', 'html', 'thematicBreak', 'blockquote'])

// Positions are only tracked, never written: every child may get the same one.
const start = {now: {line: 1, column: 1}, lineShift: 0}
const flowInfo: Info = {before: '\n', after: '\n', ...start}

/**
 * The stock `root` handler for roots of flow content, without its position tracking, writing
 * the commonest nodes straight away: a paragraph that is one text node is that text made safe;
 * an ATX heading of one text node is its `#`s and that text. Everything else goes to its
 * handler. Children are joined as the stock flow container joins them. A differential property
 * test checks this against the stock serializer.
 */
export const root: Handle = (node: Root, parent: Parents | undefined, state: State, info: Info) => {
  const children = node.children
  if (!children.every((child) => flow.has(child.type))) return defaultHandlers.root(node, parent, state, info)
  const results: string[] = []
  state.indexStack.push(-1)
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    state.indexStack[state.indexStack.length - 1] = index
    results.push(paragraphText(child, state) ?? headingText(child, state) ?? state.handle(child, node, state, {...flowInfo}))
    if (child.type !== 'list') state.bulletLastUsed = undefined
    if (index < children.length - 1) results.push(between(child, children[index + 1]!, node, state))
  }
  state.indexStack.pop()
  return results.join('')
}

/** A paragraph of one text node: that text, made safe (what the stock paragraph handler gives). */
function paragraphText(node: RootContent, state: State): string | undefined {
  const text = node.type === 'paragraph' && node.children.length === 1 ? node.children[0] : undefined
  if (text?.type !== 'text') return undefined
  return inConstructs(state, ['paragraph', 'phrasing'], () => safeText(text.value, state, flowInfo))
}

const headingInfo: Info = {before: '# ', after: '\n', ...start}

/** An ATX heading of one text node without line endings (with a line ending the stock handler may pick setext). */
function headingText(node: RootContent, state: State): string | undefined {
  const text = node.type === 'heading' && node.children.length === 1 ? node.children[0] : undefined
  if (text?.type !== 'text' || state.options.setext || state.options.closeAtx || /[\r\n]/.test(text.value)) return undefined
  const sequence = '#'.repeat(Math.max(Math.min(6, (node as Heading).depth || 1), 1))
  let value = inConstructs(state, ['headingAtx', 'phrasing'], () => safeText(text.value, state, headingInfo))
  // A leading space or tab would be eaten by the heading: the stock handler writes it as a reference.
  const head = value.charCodeAt(0)
  if (head === 9 || head === 32) value = `&#x${head.toString(16).toUpperCase()};` + value.slice(1)
  return value ? sequence + ' ' + value : sequence
}

function inConstructs<T>(state: State, names: State['stack'], run: () => T): T {
  const depth = state.stack.length
  state.stack.push(...names)
  try {
    return run()
  } finally {
    state.stack.length = depth
  }
}

/** What goes between two flow siblings: the stock flow container's rule, from `state.join`. */
function between(left: Nodes, right: Nodes, parent: Parents, state: State): string {
  for (let index = state.join.length - 1; index >= 0; index--) {
    const result = state.join[index]!(left as never, right as never, parent as never, state)
    if (result === true || result === 1) break
    if (typeof result === 'number') return '\n'.repeat(1 + result)
    if (result === false) return '\n\n<!---->\n\n'
  }
  return '\n\n'
}
