import {fc, test} from '@fast-check/vitest'
import type {List, ListItem, Root} from 'mdast'
import {gfmToMarkdown} from 'mdast-util-gfm'
import {mathToMarkdown} from 'mdast-util-math'
import {toMarkdown} from 'mdast-util-to-markdown'
import {describe, expect, it} from 'vitest'
import {type Handler, type RenderOptions, defaultHandlers, renderMarkdown, stringifyMarkdown, toMdast} from '../../src/index.js'
import {markdownSettings} from '../../src/render/stringify.js'
import {emphasis, image, strong, table, text} from '../../src/render/fast/phrasing.js'
import {blockArb, documentArb, textArb} from '../helpers/arbitraries.js'
import {makeBlock} from '../helpers/blocks.js'
import {onePathProblems} from '../helpers/render-checks.js'

/**
 * The stock containers (root, paragraph, heading, list, table, block quote…) with docmodel's
 * escaping of text and images: what the direct writer must equal.
 */
const stock = (tree: Root) =>
  toMarkdown(tree, {
    ...markdownSettings,
    handlers: {text, image, emphasis, strong, table},
    extensions: [gfmToMarkdown({tablePipeAlign: false}), mathToMarkdown({singleDollarTextMath: true})]
  })

const urlArb = fc.oneof(fc.constantFrom('', 'https://x.org/a b', 'a\u0000b', '<x>', 'x)y', 'data:image/png;base64,AAAA'), textArb)
const phrasing = fc.oneof(
  textArb.map((value) => ({type: 'text' as const, value})),
  fc.tuple(urlArb, textArb, fc.option(textArb)).map(([url, alt, title]) => ({type: 'image' as const, url, alt, title})),
  textArb.map((value) => ({type: 'emphasis' as const, children: [{type: 'text' as const, value}]})),
  textArb.map((value) => ({type: 'strong' as const, children: [{type: 'text' as const, value}]}))
)
const itemParagraphArb = textArb.map((value) => ({type: 'paragraph' as const, children: [{type: 'text' as const, value}]}))
/** Lists as the list handler builds them and others: loose, task items, odd starts, empty or two-paragraph items, nesting. */
const listArb: fc.Arbitrary<List> = fc.letrec<{list: List}>((tie) => ({
  list: fc
    .record({
      ordered: fc.boolean(),
      start: fc.constantFrom(null, undefined, 0, 1, 7, -1),
      spread: fc.constantFrom(false, true, undefined),
      children: fc.array(
        fc
          .record({
            checked: fc.constantFrom(null, null, true, false),
            head: fc.oneof(itemParagraphArb, itemParagraphArb, fc.constant(undefined)),
            tail: fc.oneof({depthSize: 'small'}, fc.constant(undefined), tie('list'), itemParagraphArb)
          })
          .map(({checked, head, tail}) => ({
            type: 'listItem' as const,
            spread: false,
            checked,
            children: [head, tail].filter((child) => child !== undefined) as ListItem['children']
          })),
        {maxLength: 3}
      )
    })
    .map(({ordered, start, spread, children}) => ({type: 'list' as const, ordered, start, spread, children}) as List)
})).list

/**
 * Trees the handlers never build too: adjacent texts, attention, empty and ragged cells, raw text
 * with edge whitespace, headings without text or deeper than 6, phrasing at the top level.
 */
const treeArb: fc.Arbitrary<Root> = fc
  .array(
    fc.oneof(
      phrasing,
      listArb,
      fc.constant({type: 'thematicBreak' as const}),
      textArb.map((value) => ({type: 'html' as const, value})),
      fc.integer({min: 0, max: 9}).map((depth) => ({type: 'heading' as const, depth: depth as 1, children: []})),
      fc.array(phrasing, {minLength: 1, maxLength: 3}).map((children) => ({type: 'paragraph' as const, children})),
      fc
        .tuple(fc.integer({min: 1, max: 6}), fc.array(phrasing, {minLength: 1, maxLength: 2}))
        .map(([depth, children]) => ({type: 'heading' as const, depth: depth as 1, children})),
      fc
        .tuple(
          fc.array(fc.array(fc.array(phrasing, {maxLength: 2}), {maxLength: 3}), {maxLength: 3}),
          fc.array(fc.constantFrom(null, 'left' as const, 'center' as const, 'right' as const), {maxLength: 4})
        )
        .map(([rows, align]) => ({
          type: 'table' as const,
          align,
          children: rows.map((cells) => ({
            type: 'tableRow' as const,
            children: cells.map((children) => ({type: 'tableCell' as const, children}))
          }))
        }))
    ),
    {maxLength: 4}
  )
  .map((children) => ({type: 'root', children}))

describe('the direct writer gives the bytes of the stock containers with docmodel’s escaping', () => {
  test.prop([documentArb], {numRuns: 150})('on rendered documents', (doc) => {
    const tree = toMdast(doc, {furniture: true})
    expect(stringifyMarkdown(tree)).toBe(stock(tree))
  })
  test.prop([blockArb(1)], {numRuns: 200})('on every block type', (block) => {
    const tree = toMdast([block], {furniture: true, images: 'embed'})
    expect(stringifyMarkdown(tree)).toBe(stock(tree))
  })
  test.prop([treeArb], {numRuns: 200})('on raw trees docmodel never builds (they go to the stock handlers)', (tree) => {
    expect(stringifyMarkdown(tree)).toBe(stock(tree))
  })
})

describe('lists written directly', () => {
  it('put a blank line before a nested ordered list only when its start is a number other than 1, as the serializer joins', () => {
    // Found by the property above (seed 1414868955): a nested list with no start starts at 1, which interrupts a paragraph.
    const nested = (text: string, start: number | null | undefined): Root => ({
      type: 'root',
      children: [
        {
          type: 'list',
          ordered: false,
          start: null,
          spread: false,
          children: [
            {
              type: 'listItem',
              spread: false,
              checked: null,
              children: [
                {type: 'paragraph', children: [{type: 'text', value: text}]},
                {
                  type: 'list',
                  ordered: true,
                  start,
                  spread: false,
                  children: [{type: 'listItem', spread: false, checked: null, children: [{type: 'paragraph', children: [{type: 'text', value: 'b'}]}]}]
                }
              ]
            }
          ]
        }
      ]
    })
    for (const [text, start, markdown] of [
      ['', null, '-\n  1. b\n'],
      ['a', undefined, '- a\n  1. b\n'],
      ['a', 1, '- a\n  1. b\n'],
      ['a', 7, '- a\n\n  7. b\n'],
      ['', 0, '-\n\n  0. b\n']
    ] as const) {
      const tree = nested(text, start)
      expect(stringifyMarkdown(tree)).toBe(markdown)
      expect(stringifyMarkdown(tree)).toBe(stock(tree).replaceAll('*', '-'))
    }
  })
})

describe('tables written directly', () => {
  it('write ragged rows and more alignments than cells as the stock writer does (rows not filled)', () => {
    // Found by the property above: more alignments than cells; a row wider than the header.
    const ragged = {
      type: 'root',
      children: [
        {
          type: 'table',
          align: [null],
          children: [
            {type: 'tableRow', children: []},
            {
              type: 'tableRow',
              children: [
                {type: 'tableCell', children: []},
                {type: 'tableCell', children: []}
              ]
            }
          ]
        }
      ]
    } as Root
    expect(stringifyMarkdown(ragged)).toBe(stock(ragged))
    for (const cells of [[], [{type: 'text', value: 'a'}]] as const) {
      const tree = {
        type: 'root',
        children: [
          {type: 'table', align: [null, null, null], children: [{type: 'tableRow', children: [{type: 'tableCell', children: [...cells]}]}]}
        ]
      } as Root
      expect(stringifyMarkdown(tree)).toBe(stock(tree))
    }
  })
})

describe('lists written directly', () => {
  const item = (value: string, nested?: List): ListItem => ({
    type: 'listItem',
    spread: false,
    checked: null,
    children: [{type: 'paragraph', children: [{type: 'text', value}]}, ...(nested ? [nested] : [])]
  })
  const list = (ordered: boolean, start: number | null, ...children: ListItem[]): List => ({
    type: 'list',
    ordered,
    start,
    spread: false,
    children
  })
  it('leave an item holding a CR (a line ending to readers) to the stock writer', () => {
    // Found by the raw-tree property: the direct writer indented continuation lines at LF only.
    for (const value of ['\r', 'a\rb', 'a\r\nb']) {
      const tree = {type: 'root', children: [list(false, null, item(value))]} as Root
      expect(stringifyMarkdown(tree)).toBe(stock(tree))
    }
  })

  it.each([
    ['ordered from 0', [list(true, 0, item('a'), item('b'))], '0. a\n1. b\n'],
    ['ordered without a start', [list(true, null, item('a'))], '1. a\n'],
    ['ordered after ordered', [list(true, 7, item('a')), list(true, 1, item('b'))], '7. a\n\n1) b\n'],
    ['nested, ordered from 3 inside', [list(false, null, item('a', list(true, 3, item('b\nc'))))], '- a\n\n  3. b\n     c\n'],
    [
      'bullets after bullets',
      [list(false, null, item('a')), list(false, null, item('b', list(false, null, item('c'))))],
      '- a\n\n* b\n  - c\n'
    ]
  ] as Array<[string, List[], string]>)('%s', (_, children, expected) => {
    const tree: Root = {type: 'root', children}
    expect(stock(tree)).toBe(expected)
    expect(stringifyMarkdown(tree)).toBe(expected)
  })
})

/** Custom handlers of every shape: phrasing (one node or several), HTML, flow, nothing. */
const customHandlers = fc.constantFrom<Array<[string, Handler]>>(
  [],
  [['paragraph', (block) => [{type: 'text', value: (block as {text: string}).text}]]],
  [
    [
      'heading',
      (block) => [
        {type: 'emphasis', children: [{type: 'text', value: (block as {text: string}).text}]},
        {type: 'text', value: ' x'}
      ]
    ]
  ],
  [['caption', () => [{type: 'html', value: '<hr>'}]]],
  [['list', (block, context) => [...defaultHandlers.list(block as never, context), {type: 'inlineCode', value: 'c'}]]],
  [['table', () => []]],
  [['formula', (_block, context) => (context.warn('custom', 'from a custom handler'), [{type: 'text', value: '$x$'}])]]
)

describe('one render path: renderMarkdown(doc) = stringifyMarkdown(toMdast(doc)), warnings included', () => {
  it('keeps a list that follows a list on another page in the other bullet', () => {
    const lists = [
      makeBlock('list', {text: '- a'}),
      makeBlock('list', {text: '- b', page: 2}),
      makeBlock('paragraph', {text: 'c', page: 2})
    ]
    expect(renderMarkdown(lists)).toBe('- a\n\n* b\n\nc\n')
    expect(stringifyMarkdown(toMdast(lists))).toBe('- a\n\n* b\n\nc\n')
  })

  test.prop(
    [
      documentArb,
      fc.constantFrom('none', 'rule', 'comment' as const),
      fc.constantFrom('placeholder', 'embed', 'omit' as const),
      customHandlers
    ],
    {numRuns: 200}
  )('whatever the options and custom handlers (phrasing, HTML or flow)', (doc, pageBreaks, images, handlers) => {
    const options: RenderOptions = {furniture: true, pageBreaks, images, handlers: Object.fromEntries(handlers)}
    expect(onePathProblems(doc, options)).toEqual([])
  })

  it('writes phrasing a custom handler returns as a paragraph of its own, in both paths', () => {
    const blocks = [makeBlock('paragraph', {text: 'a'}), makeBlock('paragraph', {text: '*b*'})]
    const options: RenderOptions = {
      handlers: {
        paragraph: (block) => [
          {type: 'text', value: block.text},
          {type: 'text', value: '#'}
        ]
      }
    }
    expect(renderMarkdown(blocks, options)).toBe('a\n\n\\#\n\n*b\\*\n\n\\#\n')
    expect(onePathProblems(blocks, options)).toEqual([])
  })

  it('writes nothing at all for a document without content', () => {
    expect(renderMarkdown([])).toBe('')
    expect(renderMarkdown([makeBlock('paragraph', {text: '  '})])).toBe('')
  })
})
