import {Parser} from 'commonmark'
import type {Nodes, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import type {Chunk} from '../../src/index.js'

const commonmark = new Parser()

/** The text a CommonMark reader (commonmark.js) finds in markdown: every literal, in order. */
export function commonmarkText(markdown: string): string {
  const walker = commonmark.parse(markdown).walker()
  const out: string[] = []
  for (let event = walker.next(); event; event = walker.next())
    if (event.entering && event.node.literal !== null && event.node.type !== 'html_block' && event.node.type !== 'html_inline')
      out.push(event.node.literal)
  return out.join(' ')
}

const gfm = unified().use(remarkParse).use(remarkGfm)

/** The rows of the GFM tables in markdown, as cell texts (the header row first in each table). */
export function tableRows(markdown: string): string[][][] {
  const tree = gfm.parse(markdown) as Root
  const tables: string[][][] = []
  const walk = (node: Nodes) => {
    if (node.type === 'table') tables.push(node.children.map((row) => row.children.map((cell) => toString(cell))))
    else if ('children' in node) for (const child of node.children) walk(child)
  }
  walk(tree)
  return tables
}

/** All whitespace dropped: parts of a text cut at words or characters read back with other spacing. */
export const squash = (text: string) => text.replaceAll('\0', '\uFFFD').replace(/\s+/g, '')

/** A tokenizer that counts more for a whole than for its parts (each blank line adds the square of their number). */
export const superAdditive = {
  name: 'super-additive',
  count: (text: string) => Array.from(text).length + (text.split('\n\n').length - 1) ** 2
}

/** The span texts of every chunk, by block id, in order. */
export function spanTexts(chunks: Chunk[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const chunk of chunks)
    for (const span of chunk.spans) {
      const list = out.get(span.blockId) ?? []
      list.push(chunk.text.slice(span.start, span.end))
      out.set(span.blockId, list)
    }
  return out
}

/** Whether `needle`'s characters appear in `hay` in order (others may come between). */
export function isSubsequence(needle: string, hay: string): boolean {
  let at = 0
  for (let i = 0; i < hay.length && at < needle.length; i++) if (hay[i] === needle[at]) at++
  return at === needle.length
}

/** What the parts of a table read back as, in one parse: the cells of their tables (by a GFM reader), and the text of any other block. */
function readBack(parts: string[]): string {
  const out: string[] = []
  const walk = (node: Nodes) => {
    if (node.type === 'tableCell' || node.type === 'paragraph' || node.type === 'heading' || node.type === 'code') out.push(toString(node))
    else if ('children' in node) for (const child of node.children) walk(child)
  }
  walk(gfm.parse(parts.join('\n\n')) as Root)
  return out.join('')
}
const plain = (text: string) => squash(text).replaceAll('|', '')

/**
 * The cells of the (first) table in `markdown` that are not found within what the parts read back
 * as: header cells anywhere (parts of columns put body cells before later header cells), body
 * cells in order (header rows may repeat; cells cut between parts lose only the whitespace at the
 * cut and, read as text, their pipes). Linear in the parts, times the header's width.
 */
export function missingCells(markdown: string, parts: string[]): string[] {
  const all = plain(readBack(parts))
  const [header = [], ...body] = tableRows(markdown)[0]!
  const missing = header.filter((cell) => !isSubsequence(plain(cell), all))
  let at = 0
  for (const cell of body.flat()) {
    const needle = plain(cell)
    let i = at
    let found = 0
    for (; i < all.length && found < needle.length; i++) if (all[i] === needle[found]) found++
    if (found < needle.length) missing.push(cell)
    else at = i
  }
  return missing
}
