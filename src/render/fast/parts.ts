import type {Image, List, Paragraph, Table} from 'mdast'
import {escapeDestination, escapeText, escapeTitle} from '../escape.js'
import type {CellRange} from '../source-map.js'

// The pieces of markdown both writers build the same way (the serializer's fast handlers in
// `root.ts` and the direct writer of blocks in `blocks.ts`): one definition each, so the two
// cannot write them differently. Pure string work: no serializer state.

/**
 * `![alt](url "title")`: the alt escaped as text (`inCell`: the image is in a table cell, where a
 * `|` would end the cell and commonmark.js reads the whole table as one paragraph), the URL and
 * title as what they are.
 */
export function imageOf(node: Image, inCell = false): string {
  const alt = escapeText((node.alt ?? '').replace(/[\r\n]/g, ' '), inCell ? ALT_IN_CELL : ALT)
  const title = node.title ? ` "${escapeTitle(node.title.replace(/[\r\n]/g, ' '))}"` : ''
  return `![${alt}](${escapeDestination(node.url)}${title})`
}

/** Text between `*` (emphasis) or `**` (strong) markers; the text neither starts nor ends with whitespace. */
export function delimited(value: string, marker: '*' | '**'): string {
  return marker + escapeText(value, marker === '*' ? EMPHASIS : STRONG) + marker
}

const EMPHASIS = {lineStart: false, delimited: 1} as const
const STRONG = {lineStart: false, delimited: 2} as const
const ALT = {lineStart: false, label: true} as const
const ALT_IN_CELL = {lineStart: false, label: true, cell: true} as const
/** A list item's text: it opens the item after `bullet` (a task box could start it; after `-` or `*` a thematic break). */
const ITEMS = {'-': {listItem: '-'}, '*': {listItem: '*'}, '.': {listItem: '.'}, ')': {listItem: ')'}} as const
const itemAfter = (bullet: string) => ITEMS[bullet as keyof typeof ITEMS] ?? {listItem: bullet}

/** Whether `itemsOf` writes the list: tight items of one paragraph of one text without CR, each maybe followed by such a list. */
export function fits(list: List): boolean {
  return (
    list.children.length > 0 &&
    list.spread === false &&
    list.children.every((item) => {
      const [first, nested, ...rest] = item.children
      return (
        item.checked == null &&
        item.spread === false &&
        rest.length === 0 &&
        first?.type === 'paragraph' &&
        first.children.length === 1 &&
        first.children[0]!.type === 'text' &&
        // Continuation lines are indented at LF only: a CR (a line ending to readers) goes to the stock writer.
        !first.children[0]!.value.includes('\r') &&
        (nested === undefined || (nested.type === 'list' && fits(nested)))
      )
    })
  )
}

/**
 * The items of a tight list of one-paragraph items (each maybe followed by such a list), `bullet`
 * after each number (ordered) or alone (`-`, `*`); nested lists take `.` or `-`.
 */
export function itemsOf(list: List, bullet: string): string {
  const start = list.ordered && typeof list.start === 'number' && list.start >= 0 ? list.start : 1
  const lines: string[] = []
  for (let index = 0; index < list.children.length; index++) {
    const [first, nested] = list.children[index]!.children as [Paragraph, List | undefined]
    let content = escapeText((first.children[0] as {value: string}).value, itemAfter(bullet))
    // An ordered list that does not start at 1 cannot interrupt a paragraph: a blank line first
    // (the serializer's join rule: a list with no start starts at 1).
    if (nested) content += (nested.ordered && typeof nested.start === 'number' && nested.start !== 1 ? '\n\n' : '\n') + itemsOf(nested, nested.ordered ? '.' : '-')
    lines.push(prefixLines(content, list.ordered ? `${start + index}${bullet} ` : `${bullet} `))
  }
  return lines.join('\n')
}

/**
 * `itemsOf` of a flat list of `lines` (each a one-line text), without its tree: numbered from
 * `start` before `bullet`, or `bullet` alone when `start` is undefined.
 */
export function flatItems(lines: readonly {value: string}[], start: number | undefined, bullet: string): string {
  const items: string[] = []
  for (let index = 0; index < lines.length; index++)
    items.push((start === undefined ? bullet : `${start + index}${bullet}`) + ' ' + escapeText(lines[index]!.value, itemAfter(bullet)))
  return items.join('\n')
}

/** `marker` before the first line, the others indented to the content (blank lines stay empty). */
export function prefixLines(value: string, marker: string, rest = ' '.repeat(marker.length)): string {
  if (!value.includes('\n')) return value === '' ? marker.trimEnd() : marker + value
  let out = ''
  let from = 0
  let prefix = marker
  for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', from)) {
    out += (i > from ? prefix : prefix.trimEnd()) + value.slice(from, i + 1)
    from = i + 1
    prefix = rest
  }
  return out + (from < value.length ? prefix : prefix.trimEnd()) + value.slice(from)
}

/** Where a table's cells come from, for the source map: each row's source row, and whether a cell is a source cell (not a filler). */
export interface TableSource {
  row(index: number): number
  recorded(row: number, col: number): boolean
}

/**
 * A GFM table of escaped cell values as the stock writer (markdown-table, rows not filled) writes
 * it: `| a | b |`, the first row the header (already as wide as it must be), the delimiter row
 * `| - | - |` as wide as the header, every other row as wide as its own cells (at least one).
 * With `cells`, the range of each source cell's text (see `source`) in a table written at `offset`.
 */
export function tableText(rows: readonly (readonly string[])[], cells?: CellRange[], offset = 0, source?: TableSource): string {
  const table = new TableText(cells, offset)
  for (let row = 0; row < rows.length; row++) {
    const values = rows[row]!
    for (let col = 0; col < values.length; col++) table.cell(values[col]!, source?.recorded(row, col) ? source.row(row) : -1, col)
    table.endRow()
  }
  return table.text
}

/**
 * `tableText` written cell by cell, as the cells are escaped (no grid in between): `cell` for
 * each cell of a row, then `endRow`. A cell's range goes to `ranges` when its `sourceRow` is not
 * negative (a source cell, not a filler).
 */
export class TableText {
  private markdown = ''
  private cells = 0
  private rows = 0
  constructor(
    private readonly ranges?: CellRange[],
    private readonly offset = 0
  ) {}

  cell(value: string, sourceRow = -1, col = 0): void {
    if (this.cells++ === 0) this.markdown += this.rows === 0 ? '|' : '\n|'
    if (value !== '') this.markdown += ' '
    if (this.ranges && sourceRow >= 0) {
      const start = this.offset + this.markdown.length
      this.ranges.push({row: sourceRow, col, start, end: start + value.length})
    }
    this.markdown += value + ' |'
  }

  endRow(): void {
    if (this.cells === 0) this.markdown += this.rows === 0 ? '| |' : '\n| |'
    if (this.rows++ === 0) this.markdown += this.cells === 0 ? '\n| |' : '\n|' + ' - |'.repeat(this.cells)
    this.cells = 0
  }

  get text(): string {
    return this.markdown
  }
}

/** A table's cells in writing order, row by row: the text of each (empty: ''), or undefined for one holding anything else. */
export function cellTexts(node: Table): Array<string | undefined> {
  const texts: Array<string | undefined> = []
  for (const row of node.children)
    for (const cell of row.children) {
      const only = cell.children.length === 1 ? cell.children[0]! : undefined
      texts.push(cell.children.length === 0 ? '' : only?.type === 'text' ? only.value : undefined)
    }
  return texts
}
