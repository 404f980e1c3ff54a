import type {Heading, Parents, PhrasingContent, Root, RootContent} from 'mdast'
import {phrasing} from 'mdast-util-phrasing'
import {type Handle, type Info, type State, defaultHandlers} from 'mdast-util-to-markdown'
import {inConstructs} from './constructs.js'
import {between, flowInfo, position} from './flow.js'
import {listOf} from './list.js'
import {paragraphOf} from './paragraph.js'
import {safeText} from './text.js'

/** Node types that are flow content whatever their children: a root of only these is a flow container. */
const flow = new Set<string>(['paragraph', 'heading', 'list', 'table', 'code', 'math', 'html', 'thematicBreak', 'blockquote'])

/** Roots whose children come from an iterable as they are written (see `streamingRoot`). */
const streams = new WeakMap<Root, Iterable<RootContent>>()

/**
 * A root whose children are taken from `nodes` one at a time while it is serialised, so the
 * tree of a whole document is never held, and the serializer is set up once. Its children are
 * always written as flow content: phrasing content (which a custom handler may return) as a
 * paragraph of its own.
 */
export function streamingRoot(nodes: Iterable<RootContent>): Root {
  const root: Root = {type: 'root', children: []}
  streams.set(root, nodes)
  return root
}

/**
 * The stock `root` handler for roots of flow content, without its position tracking, writing
 * the commonest nodes straight away: the paragraphs and lists docmodel builds (see
 * `paragraphOf`, `listOf`), and an ATX heading of one text node (its `#`s and that text made
 * safe). Everything else goes to its handler. Children are joined as the stock flow container
 * joins them. A differential property test checks this against the stock serializer.
 */
export const root: Handle = (node: Root, parent: Parents | undefined, state: State, info: Info) => {
  const stream = streams.get(node)
  if (stream) return flowOf(stream, node, state)
  if (!node.children.every((child) => flow.has(child.type))) return defaultHandlers.root(node, parent, state, info)
  return flowOf(node.children, node, state)
}

function flowOf(children: Iterable<RootContent>, parent: Root, state: State): string {
  const results: string[] = []
  let previous: RootContent | undefined
  let index = 0
  state.indexStack.push(-1)
  for (const each of children) {
    const child: RootContent = flow.has(each.type) || !phrasing(each) ? each : {type: 'paragraph', children: [each as PhrasingContent]}
    if (previous) results.push(between(previous, child, parent, state))
    state.indexStack[state.indexStack.length - 1] = index++
    const direct =
      child.type === 'paragraph'
        ? paragraphOf(child, state, flowInfo)
        : child.type === 'heading'
          ? headingOf(child, state)
          : child.type === 'list'
            ? listOf(child, parent, state)
            : undefined
    results.push(direct ?? state.handle(child, parent, state, {...flowInfo}))
    if (child.type !== 'list') state.bulletLastUsed = undefined
    previous = child
  }
  // The serializer ends what it writes with a line ending, appending one if needed: for a
  // streamed root it is written here, so a whole document's markdown is one string, not a
  // concatenation that whoever reads it would copy once more.
  const last = results.findLast((result) => result !== '')
  if (streams.has(parent) && last !== undefined && !/[\r\n]$/.test(last)) results.push('\n')
  state.indexStack.pop()
  return results.join('')
}

const headingInfo: Info = {before: '# ', after: '\n', ...position}

/** An ATX heading of one text node without line endings (with a line ending the stock handler may pick setext). */
function headingOf(node: Heading, state: State): string | undefined {
  const text = node.children.length === 1 ? node.children[0] : undefined
  if (text?.type !== 'text' || state.options.setext || state.options.closeAtx || /[\r\n]/.test(text.value)) return undefined
  const sequence = '#'.repeat(Math.max(Math.min(6, node.depth || 1), 1))
  let value = inConstructs(state, ['headingAtx', 'phrasing'], () => safeText(text.value, state, headingInfo))
  // A leading space or tab would be eaten by the heading: the stock handler writes it as a reference.
  const head = value.charCodeAt(0)
  if (head === 9 || head === 32) value = `&#x${head.toString(16).toUpperCase()};` + value.slice(1)
  return value ? sequence + ' ' + value : sequence
}
