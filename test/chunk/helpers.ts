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
