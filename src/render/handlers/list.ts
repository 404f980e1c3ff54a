import type {List, ListItem} from 'mdast'
import type {ListBlock} from '../../model/index.js'
import {text, withoutNul} from '../text.js'
import type {Handler, HandlerContext} from '../types.js'

// A bullet (-, *, •, ◦, ▪, ‣, –, +) or an enumerator (1. 1) a) (a)) followed by a space or the line end.
const marker = /^(?:([-*•◦▪‣–+])|\(?(\d{1,9}|[a-zA-Z])[.)])(?:[ \t]+|$)/

/** A list's line: its indentation (tabs as four spaces), its text without the marker, its marker's number (none for a bullet). */
export interface ListLine {
  indent: number
  value: string
  number: number | undefined
}

/**
 * One item per line (marker-only lines are skipped; a list of nothing else is left out with a
 * `list_markers_only` warning); leading bullets and enumerators are removed; a list is ordered when its
 * first item is numbered (digits, or a letter: a = 1), starting at that number; deeper
 * indentation nests, up to `MAX_LIST_DEPTH` levels.
 */
export const list: Handler<ListBlock> = (block, {warn}) => {
  const lines = listLines(block, warn)
  return lines.length > 0 ? [listOf(lines)] : []
}

/** The lines `list` makes its items of (the direct writer's too), none when the block has no item text. */
export function listLines(block: ListBlock, warn: HandlerContext['warn']): ListLine[] {
  const lines: ListLine[] = []
  for (const raw of withoutNul(block.text).split(/\r\n?|\n/)) {
    const expanded = raw.replace(/\t/g, '    ')
    const content = expanded.trimStart()
    const match = marker.exec(content)
    const value = (match ? content.slice(match[0].length) : content).trim()
    // A marker alone carries no text; as an empty item it would print as ambiguous markdown (`- -`).
    if (value === '') continue
    const enumerator = match?.[2]
    const number =
      enumerator === undefined ? undefined : /\d/.test(enumerator) ? Number(enumerator) : enumerator.toLowerCase().charCodeAt(0) - 96
    lines.push({indent: expanded.length - content.length, value, number})
  }
  // Nothing is written: said when the block had more than blanks, so no text goes unnoticed.
  if (lines.length === 0 && block.text.trim() !== '')
    warn('list_markers_only', `the list holds item markers and no item text (${JSON.stringify(block.text.slice(0, 40))}); left out`)
  return lines
}

/** The list of `lines` (at least one), nested by indentation, its numbers clamped. */
export const listOf = (lines: readonly ListLine[]): List => clampStarts(buildList(lines))

/** The largest list marker number: CommonMark reads at most 9 digits as a marker. */
export const MAX_LIST_NUMBER = 999_999_999

/**
 * An ordered list whose numbering would pass `MAX_LIST_NUMBER` starts lower, so that its last
 * marker is `MAX_LIST_NUMBER` (a 10-digit marker is text: its item would join the one before).
 * Nested lists too.
 */
function clampStarts(list: List): List {
  if (list.ordered && typeof list.start === 'number') list.start = Math.min(list.start, MAX_LIST_NUMBER - list.children.length + 1)
  for (const item of list.children) for (const child of item.children) if (child.type === 'list') clampStarts(child)
  return list
}

function createList(first: ListLine): List {
  return {type: 'list', ordered: first.number !== undefined, start: first.number ?? null, spread: false, children: []}
}

/** Deepest nesting rendered; deeper lines join the deepest list (serialisers and readers recurse per level). */
export const MAX_LIST_DEPTH = 16

// A stack of open lists by indentation: deeper lines open a nested list in the last item,
// shallower lines close lists down to the nearest level at or above them.
function buildList(lines: readonly ListLine[]): List {
  const root = createList(lines[0]!)
  const stack: Array<{indent: number; list: List}> = [{indent: lines[0]!.indent, list: root}]
  for (const line of lines) {
    while (stack.length > 1 && line.indent < stack.at(-1)!.indent) stack.pop()
    let top = stack.at(-1)!
    if (line.indent > top.indent && top.list.children.length > 0 && stack.length < MAX_LIST_DEPTH) {
      const nested = createList(line)
      top.list.children.at(-1)!.children.push(nested)
      top = {indent: line.indent, list: nested}
      stack.push(top)
    }
    const item: ListItem = {
      type: 'listItem',
      spread: false,
      checked: null,
      children: [{type: 'paragraph', children: [text(line.value)]}]
    }
    top.list.children.push(item)
  }
  return root
}
