import type {List, ListItem, Paragraph, Parents} from 'mdast'
import type {State} from 'mdast-util-to-markdown'
import {between, flowInfo} from './flow.js'
import {paragraphOf} from './paragraph.js'

/**
 * The stock bytes of a list as docmodel builds it (tight items of one paragraph of one text
 * node, each maybe followed by such a list), under docmodel's list settings (`-` bullets, `.`
 * after numbers, a space after the marker, numbers counting up); undefined for any other list
 * or settings. As the stock `list` and `listItem` handlers write it: the other bullet when the
 * list follows a list, the items joined by `state.join`, every line of an item after the first
 * indented to its content. A differential property test checks this against the stock serializer.
 */
export function listOf(list: List, parent: Parents, state: State): string | undefined {
  const {bullet, bulletOther, bulletOrdered, listItemIndent, incrementListMarker} = state.options
  if (bullet !== '-' || bulletOther !== undefined || bulletOrdered !== '.' || listItemIndent !== 'one' || incrementListMarker === false)
    return undefined
  return fits(list) ? write(list, parent, state) : undefined
}

function fits(list: List): boolean {
  return list.children.length > 0 && list.children.every((item) => item.checked == null && fitsItem(item.children))
}

function fitsItem([paragraph, nested, ...rest]: ListItem['children']): boolean {
  const text = paragraph?.type === 'paragraph' && paragraph.children.length === 1 ? paragraph.children[0] : undefined
  return text?.type === 'text' && rest.length === 0 && (nested === undefined || (nested.type === 'list' && fits(nested)))
}

function write(list: List, parent: Parents, state: State): string {
  let bullet = list.ordered ? '.' : '-'
  if (parent && state.bulletLastUsed === bullet) bullet = list.ordered ? ')' : '*'
  const start = list.ordered && typeof list.start === 'number' && list.start > -1 ? list.start : 1
  const results: string[] = []
  state.stack.push('list')
  list.children.forEach((item, index) => {
    if (index > 0) results.push(between(list.children[index - 1]!, item, list, state))
    const [paragraph, nested] = item.children as [Paragraph, List | undefined]
    state.stack.push('listItem')
    let content = paragraphOf(paragraph, state, flowInfo)!
    // As the stock flow container does after any child that is not a list.
    state.bulletLastUsed = undefined
    if (nested) content += between(paragraph, nested, item, state) + write(nested, item, state)
    state.stack.pop()
    results.push(indent(content, list.ordered ? start + index + bullet : bullet))
    state.bulletLastUsed = undefined
  })
  state.stack.pop()
  state.bulletLastUsed = bullet
  return results.join('')
}

/** The marker before the first line, the others indented to the content (blank lines stay empty). */
function indent(value: string, marker: string): string {
  const padding = ' '.repeat(marker.length + 1)
  const eol = /\r?\n|\r/g
  let result = ''
  let start = 0
  let line = 0
  const one = (text: string) => (line === 0 ? (text ? marker + ' ' + text : marker) : text ? padding + text : '')
  for (let match = eol.exec(value); match; match = eol.exec(value)) {
    result += one(value.slice(start, match.index)) + match[0]
    start = match.index + match[0].length
    line++
  }
  return result + one(value.slice(start))
}
