// The markdown readers docmodel's output is judged by (none of them written here): micromark
// (remark-parse + GFM + math), commonmark.js (the reference implementation) and, for HTML,
// markdown-it with raw HTML on, remark → rehype keeping raw HTML, and commonmark.js's renderer.
import fc from 'fast-check'
import {HtmlRenderer, Parser} from 'commonmark'
import {parseHTML} from 'linkedom'
import MarkdownIt from 'markdown-it'
import type {Nodes, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import rehypeRaw from 'rehype-raw'
import rehypeStringify from 'rehype-stringify'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'

const micromark = unified().use(remarkParse).use(remarkGfm).use(remarkMath)
const cmParser = new Parser()
const cmRenderer = new HtmlRenderer()
const markdownIt = new MarkdownIt({html: true})
/**
 * The last few readings of each reader, by markdown: the tests read the same markdown many times
 * (its types, then its text; every reader, then again without one escape), and a reader's tree is
 * only walked, never changed.
 */
function lastReadings<T>(read: (markdown: string) => T): (markdown: string) => T {
  const kept = new Map<string, T>()
  return (markdown) => {
    let value = kept.get(markdown)
    if (value === undefined) {
      value = read(markdown)
      if (kept.size === 8) kept.delete(kept.keys().next().value!)
      kept.set(markdown, value)
    }
    return value
  }
}
const parseMicromark = lastReadings((markdown) => micromark.parse(markdown) as Root)
const parseCommonmark = lastReadings((markdown) => cmParser.parse(markdown))
const renderMarkdownIt = lastReadings((markdown) => markdownIt.render(markdown))
const rehype = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, {allowDangerousHtml: true}).use(rehypeRaw).use(rehypeStringify)
// The HTML too (strings): a check often reads the same markdown again (both writers giving the same
// bytes, a text and then its escapes), and the rehype path is the dearest reading (~7 ms a call).
const renderRehype = lastReadings((markdown) => String(rehype.processSync(markdown)))
const renderCommonmark = lastReadings((markdown) => cmRenderer.render(parseCommonmark(markdown)))

/** Whitespace runs as one space, ends trimmed: what markdown keeps of text. */
export const norm = (text: string) => text.replace(/\s+/g, ' ').trim()

export interface Reading {
  /** Node types below the root. */
  types: string[]
  /** The text of every leaf block (paragraph, heading, cell, code…) and image alt, in order. */
  text: string
  /** Link and image targets, with the link text. */
  links: Array<{type: string; url: string; text: string}>
}

export function readMicromark(markdown: string): Reading {
  const tree = parseMicromark(markdown)
  const types = new Set<string>()
  const texts: string[] = []
  const links: Reading['links'] = []
  const walk = (node: Nodes, inLeaf: boolean) => {
    if (node.type !== 'root') types.add(node.type)
    const leaf = ['paragraph', 'heading', 'tableCell', 'code', 'math'].includes(node.type)
    if (leaf && !inLeaf) texts.push(toString(node))
    if ((node.type === 'link' || node.type === 'image') && typeof node.url === 'string')
      links.push({type: node.type, url: node.url, text: node.type === 'image' ? (node.alt ?? '') : toString(node)})
    if ('children' in node) for (const child of node.children) walk(child, inLeaf || leaf)
  }
  walk(tree, false)
  return {types: [...types], text: norm(texts.join(' ')), links}
}

export function readCommonmark(markdown: string): Reading {
  const tree = parseCommonmark(markdown)
  const types = new Set<string>()
  const texts: string[] = []
  const links: Reading['links'] = []
  const walker = tree.walker()
  let leafDepth = 0
  let current = ''
  for (let event = walker.next(); event; event = walker.next()) {
    const {node, entering} = event
    const leaf = node.type === 'paragraph' || node.type === 'heading' || node.type === 'code_block'
    if (entering && node.type !== 'document') types.add(node.type)
    if (leaf && entering) (leafDepth++, (current = ''))
    if (entering && (node.type === 'text' || node.type === 'code' || node.type === 'code_block' || node.type === 'html_inline'))
      current += node.literal ?? ''
    if (entering && (node.type === 'softbreak' || node.type === 'linebreak')) current += ' '
    if (entering && (node.type === 'link' || node.type === 'image')) links.push({type: node.type, url: node.destination ?? '', text: ''})
    if (leaf && (!entering || node.type === 'code_block')) (leafDepth--, texts.push(current))
  }
  return {types: [...types], text: norm(texts.join(' ')), links}
}

/**
 * markdown-it's reading, as `readMicromark`'s: its token types (`_open`/`_close` dropped, the
 * inline container left out), the text of each leaf block (paragraph, heading, cell, code) with
 * an image's alt and a soft break as a space, and its links and images.
 */
export function readMarkdownItTokens(markdown: string): Reading {
  const types = new Set<string>()
  const texts: string[] = []
  const links: Reading['links'] = []
  type Token = ReturnType<typeof markdownIt.parse>[number]
  const inlineText = (children: Token[]): string => {
    let text = ''
    for (const child of children) {
      if (child.type !== 'text' && child.type !== 'softbreak') types.add(child.type.replace(/_(open|close)$/, ''))
      if (child.type === 'text' || child.type === 'code_inline' || child.type === 'html_inline') text += child.content
      else if (child.type === 'softbreak' || child.type === 'hardbreak') text += ' '
      else if (child.type === 'image') {
        const alt = inlineText(child.children ?? [])
        links.push({type: 'image', url: String(child.attrGet('src') ?? ''), text: alt})
        text += alt
      } else if (child.type === 'link_open') links.push({type: 'link', url: String(child.attrGet('href') ?? ''), text: ''})
    }
    return text
  }
  for (const token of markdownIt.parse(markdown, {})) {
    if (token.type === 'inline') texts.push(inlineText(token.children ?? []))
    else {
      types.add(token.type.replace(/_(open|close)$/, ''))
      if (token.type === 'fence' || token.type === 'code_block' || token.type === 'html_block') texts.push(token.content)
    }
  }
  return {types: [...types], text: norm(texts.join(' ')), links}
}

/** The HTML three readers make of the markdown: markdown-it (`html: true`), remark → rehype (raw HTML kept), commonmark.js. */
export function htmlOf(markdown: string): Record<'markdownIt' | 'rehype' | 'commonmark', string> {
  return {
    markdownIt: renderMarkdownIt(markdown),
    rehype: renderRehype(markdown),
    commonmark: renderCommonmark(markdown)
  }
}

/** Elements and attributes a render may give in HTML; anything else came from document text. */
const allowedElements = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'em',
  'strong',
  'blockquote',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'pre',
  'code',
  'img',
  'a',
  'hr',
  'br'
])
const allowedAttributes: Record<string, string[]> = {img: ['src', 'alt', 'title'], a: ['href', 'title'], ol: ['start'], code: ['class']}

/** What in the HTML did not come from docmodel's own markup: elements, attributes, URLs other than web (or data:image) ones. */
export function liveHtml(html: string): string[] {
  const problems: string[] = []
  for (const element of bodyOf(html).querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase()
    if (!allowedElements.has(tag)) problems.push(`<${tag}>`)
    for (const {name, value} of element.attributes) {
      if (!(allowedAttributes[tag] ?? []).includes(name)) problems.push(`${tag}[${name}]`)
      else if ((name === 'href' || name === 'src') && !/^(https?:|mailto:|data:image\/)/i.test(value))
        problems.push(`${tag}[${name}=${value}]`)
    }
  }
  // Comments too: only docmodel's page comments are written as HTML.
  return problems
}

/** Lines that start with the block constructs of CommonMark, GFM and math, mixed with ordinary words. */
const lineStarts = fc.constantFrom(
  '-',
  '- ',
  '-   ',
  '*',
  '* ',
  '+',
  '+ ',
  '1.',
  '1. ',
  '1)',
  '2) ',
  '10.',
  '123456789. ',
  '1234567890. ',
  '#',
  '# ',
  '## ',
  '###### ',
  '####### ',
  '>',
  '> ',
  '>>',
  '    ',
  '  ',
  '\t',
  ' \t',
  '- [ ] ',
  '- [x] ',
  '* [X]',
  '[ ]',
  '<div>',
  '<!--',
  '<?',
  '<![CDATA[',
  '<script>',
  '</p>',
  '<img src=x onerror=alert(1)>',
  '[a]: /u',
  '[a]: javascript:alert(1)',
  '[^1]: ',
  '[^1]',
  '$$',
  '$',
  '=',
  '===',
  '==',
  '-',
  '--',
  '---',
  '- - -',
  '***',
  '___',
  '_ _ _',
  '```',
  '```js',
  '~~~',
  '``',
  '|',
  '| - |',
  '|-|-|',
  '- | -',
  ':-',
  ':-:',
  '-:',
  '| a | b |',
  '\\',
  '\\#',
  '&gt;',
  '&#45;',
  '&#x23; ',
  'www.',
  'http://',
  'a@b.co',
  ''
)
const lineEnds = fc.constantFrom('', '', ' ', '  ', '   ', '\\', '\t', ' \\', '#', ' #', ' ##', '|', '  |')
const words = fc.constantFrom('', 'x', 'foo', 'bar baz', 'Revenue', '42', 'a_b', '*em*', '`c`', '[l](u)', '<b>')
const line = fc.tuple(lineStarts, words, lineEnds).map(([start, word, end]) => start + word + end)
const breaks = fc.constantFrom('\n', '\n', '\r\n', '\r', '\n\n', '\n \n', '\n\t\n')

/** Text of lines that start with block constructs (list markers, setext underlines, fences, HTML starts…). */
export const lineStructureArb = fc
  .array(fc.tuple(line, breaks), {minLength: 1, maxLength: 6})
  .map((parts) => parts.map(([text, lineBreak], i) => (i === parts.length - 1 ? text : text + lineBreak)).join(''))

/** Text that mixes HTML tags, entities, autolink starts, backslashes and brackets. */
export const htmlishArb = fc
  .array(
    fc.constantFrom(
      '<img src=x onerror=alert(1)>',
      '<svg onload=alert(1)>',
      '<script>alert(1)</script>',
      '<a href="javascript:x">',
      '</p>',
      '<!--',
      '<',
      '>',
      '&lt;img src=x onerror=alert(1)&gt;',
      '&lt;',
      '&#60;',
      '&#x3C;',
      '&amp;lt;',
      '&',
      'www.',
      'WWW.',
      'http://',
      'https://',
      'HTTP://',
      'mailto:',
      'a@b.co',
      'x@y.z',
      '@',
      '\\',
      '\\\\',
      '\\<',
      '[',
      ']',
      '(',
      ')',
      '[x](javascript:alert(1))',
      '<javascript:alert(1)>',
      '<http://x.y>',
      '![a](javascript:b)',
      '[a]: javascript:alert(1)',
      '\n[a]',
      '`',
      '"',
      "'",
      ' ',
      '\n',
      '\n\n',
      'x',
      'onerror=alert(1)',
      'www.x.y',
      '.',
      ';',
      '_',
      '*',
      '$',
      '$$',
      '|'
    ),
    {maxLength: 12}
  )
  .map((parts) => parts.join(''))

/** How many `<img>` elements the HTML holds (attribute values may hold the text `<img`). */
export function countImages(html: string): number {
  return bodyOf(html).querySelectorAll('img').length
}

/**
 * The body linkedom parses the HTML into (only queried, never changed); the last few kept, as liveHtml
 * and countImages read the same HTML in turn, and two readers often write the same HTML.
 */
const bodyOf = lastReadings((html) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document.body)

/** markdown-it's HTML of the markdown (`html: true`, no linkify: CommonMark's reading). */
export const readMarkdownIt = (markdown: string) => renderMarkdownIt(markdown)

/** commonmark.js's HTML of the markdown. */
export const readCommonmarkHtml = (markdown: string) => renderCommonmark(markdown)

/** micromark's tree (remark + GFM + math) without positions, as JSON: everything it read. */
export function readMicromarkTree(markdown: string): string {
  return JSON.stringify(parseMicromark(markdown), (key, value) => (key === 'position' ? undefined : value))
}

/** The header cells of every GFM table, as micromark and markdown-it read them (commonmark.js has no tables). */
export function tableHeaders(markdown: string): Record<'micromark' | 'markdownIt', string[][]> {
  const fromMicromark: string[][] = []
  const walk = (node: Nodes) => {
    if (node.type === 'table') fromMicromark.push(node.children[0]!.children.map((cell) => toString(cell)))
    else if ('children' in node) for (const child of node.children) walk(child)
  }
  walk(parseMicromark(markdown))
  const body = parseHTML(`<!doctype html><html><body>${renderMarkdownIt(markdown)}</body></html>`).document.body
  const fromMarkdownIt = [...body.querySelectorAll('table')].map((table) =>
    [...table.querySelectorAll('thead th')].map((cell) => cell.textContent ?? '')
  )
  return {micromark: fromMicromark, markdownIt: fromMarkdownIt}
}
