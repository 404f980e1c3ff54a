import type {Nodes, Parents} from 'mdast'
import type {Info, State} from 'mdast-util-to-markdown'

/** Positions are only tracked, never written: every node may get the same one. */
export const position = {now: {line: 1, column: 1}, lineShift: 0}

/** What a flow container gives each child. */
export const flowInfo: Info = {before: '\n', after: '\n', ...position}

/** What goes between two flow siblings: the stock flow container's rule, from `state.join`. */
export function between(left: Nodes, right: Nodes, parent: Parents, state: State): string {
  for (let index = state.join.length - 1; index >= 0; index--) {
    const result = state.join[index]!(left as never, right as never, parent as never, state)
    if (result === true || result === 1) break
    if (typeof result === 'number') return '\n'.repeat(1 + result)
    if (result === false) return '\n\n<!---->\n\n'
  }
  return '\n\n'
}
