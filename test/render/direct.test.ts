// The direct writer (markdown straight from blocks, src/render/fast/blocks.ts) against the
// definition: the mdast path, each block's handler and then the serializer. Same bytes, same
// warnings, same source map (entries, cells, and what each entry's handler was told), whatever
// the blocks, the options, and the user handlers that send some types the mdast way.
import {readFileSync, readdirSync} from 'node:fs'
import {fc, test} from '@fast-check/vitest'
import type {RootContent} from 'mdast'
import {describe, expect, it} from 'vitest'
import {
  type Block,
  type Document,
  type Handler,
  type Handlers,
  type RenderOptions,
  defaultHandlers,
  parseDocument,
  render,
  stringifyMarkdown,
  toMdast
} from '../../src/index.js'
import {createSourceMapBuilder} from '../../src/render/source-map.js'
import {renderMapped} from '../../src/render/stream.js'
import {createMarkdownWriter} from '../../src/render/stringify.js'
import {mdastByPage} from '../../src/render/to-mdast.js'
import {WHITESPACE, everyTextField} from '../../bench/hostile-documents.js'
import {ARB_TYPES, blockArb, documentArb, textArb} from '../helpers/arbitraries.js'
import {corpusPath, repoPath} from '../helpers/paths.js'

/** The mdast path, node by node through the serializer's writer, with its source map: what the direct writer must equal. */
function mdastRender(input: Document | readonly Block[], options: RenderOptions) {
  const warnings: ReturnType<typeof render>['warnings'] = []
  const builder = createSourceMapBuilder()
  const writer = createMarkdownWriter(builder.record)
  let markdown = ''
  for (const page of mdastByPage(input, options, warnings, builder.origins)) for (const node of page) markdown += writer.write(node)
  markdown += writer.close()
  return {markdown, warnings, sourceMap: builder.finish(), blocks: builder.blocks(), contexts: builder.contexts()}
}

/** Both paths agree on everything a render says; the mdast path's bytes are `stringifyMarkdown(toMdast(…))`. */
function expectSame(input: Document | readonly Block[], options: RenderOptions): void {
  const expected = mdastRender(input, options)
  expect(stringifyMarkdown(toMdast(input, options))).toBe(expected.markdown)
  const direct = renderMapped(input, options)
  expect(direct.markdown).toBe(expected.markdown)
  expect(direct.warnings).toEqual(expected.warnings)
  expect(direct.sourceMap).toEqual(expected.sourceMap)
  expect(direct.blocks).toEqual(expected.blocks)
  expect(direct.contexts).toEqual(expected.contexts)
  // And the public entry point, source map on and off.
  expect(render(input, {...options, sourceMap: true})).toEqual({
    markdown: expected.markdown,
    warnings: expected.warnings,
    sourceMap: expected.sourceMap
  })
  expect(render(input, {...options, sourceMap: false}).markdown).toBe(expected.markdown)
}

/**
 * User handlers, which send their types the mdast way: the default one (same nodes), or nodes
 * the direct writer never makes (a list right where a direct list may follow, bare phrasing, a
 * loose list, nothing).
 */
const customArb = fc.constantFrom('default', 'list', 'phrasing', 'loose', 'none')
const customHandler = (type: keyof Handlers, kind: string): Handler => {
  const own = defaultHandlers[type] as Handler
  return (block, context) => {
    const text = typeof (block as {text?: unknown}).text === 'string' ? (block as {text: string}).text : 'x'
    switch (kind) {
      case 'default':
        return own(block, context)
      case 'list':
        return [...(defaultHandlers.list as Handler)({...block, text} as Block, context), ...own(block, context)]
      case 'phrasing':
        return [{type: 'text', value: text} as RootContent, ...own(block, context)]
      case 'loose':
        return [
          {
            type: 'list',
            ordered: false,
            spread: true,
            children: [{type: 'listItem', spread: true, children: [{type: 'paragraph', children: [{type: 'text', value: text}]}]}]
          }
        ]
      default:
        return []
    }
  }
}

const optionsArb: fc.Arbitrary<RenderOptions> = fc
  .record(
    {
      pageBreaks: fc.constantFrom('none' as const, 'rule' as const, 'comment' as const),
      furniture: fc.boolean(),
      images: fc.constantFrom('placeholder' as const, 'embed' as const, 'omit' as const),
      embeddedText: fc.boolean(),
      headingNumbering: fc.boolean(),
      resolveImage: fc.constantFrom(undefined, 'assets/x.png', 'javascript:x', 'https://x.org/a (1).png'),
      handlers: fc.dictionary(fc.constantFrom(...(Object.keys(defaultHandlers) as Array<keyof Handlers>)), customArb, {maxKeys: 3})
    },
    {requiredKeys: []}
  )
  .map(({resolveImage, handlers, ...options}) => ({
    ...options,
    ...(resolveImage === undefined ? {} : {resolveImage: () => resolveImage}),
    ...(handlers === undefined
      ? {}
      : {
          handlers: Object.fromEntries(
            Object.entries(handlers).map(([type, kind]) => [type, customHandler(type as keyof Handlers, kind)])
          ) as Partial<Handlers>
        })
  }))

/** Code blocks with any language: the plain ones are written directly, the others go the mdast way. */
const codeArb = fc
  .record({
    text: fc.oneof(textArb, fc.constantFrom('```\nx\n````', '~~~', '\n\n  \n')),
    language: fc.oneof(
      fc.constantFrom('python', 'c++', 'c#', 'objective-c', 'a_b', 'x.y', 'a`b', 'a~b', 'a\\b', 'a&amp;', 'a*b', '\u00e9', 'a<b', '#'),
      textArb
    )
  })
  .chain(({text, language}) => blockArb(1, 'code').map((block) => ({...block, text, language}) as Block))

describe('the direct writer gives the bytes, warnings and source map of the mdast path', () => {
  test.prop([documentArb, optionsArb], {numRuns: 400})('on generated documents, with every option and user handlers', (doc, options) =>
    expectSame(doc, options)
  )
  test.prop([fc.array(fc.oneof(...ARB_TYPES.map((type) => blockArb(1, type))), {minLength: 1, maxLength: 6}), optionsArb], {
    numRuns: 400
  })('on runs of blocks of every type (lists after lists, tables, images, charts)', (blocks, options) => expectSame(blocks, options))
  test.prop([fc.array(codeArb, {minLength: 1, maxLength: 3})], {numRuns: 200})('on code blocks with any language', (blocks) =>
    expectSame(blocks, {})
  )

  /** Text of markup and every kind of whitespace run (the hostile-cost benches' kinds), in every text field of every block type. */
  const hostileText = fc
    .array(
      fc.oneof(
        textArb,
        fc.constantFrom(...WHITESPACE.map(([, space]) => space)).chain((space) => fc.nat({max: 4}).map((n) => space.repeat(n + 1)))
      ),
      {
        maxLength: 6
      }
    )
    .map((parts) => parts.join(''))
  test.prop([hostileText, optionsArb], {numRuns: 200})('on every text field of every block type holding hostile text', (text, options) =>
    expectSame(everyTextField(text), options)
  )

  it('on every corpus document, with the CLI’s options and others', () => {
    for (const name of readdirSync(repoPath('test/fixtures/corpus')).filter((file) => file.endsWith('.json'))) {
      const doc = parseDocument(readFileSync(corpusPath(name), 'utf8'))
      for (const options of [
        {},
        {furniture: true, pageBreaks: 'comment' as const, images: 'embed' as const, embeddedText: true},
        {pageBreaks: 'rule' as const}
      ])
        expectSame(doc, options)
    }
  })

  it('lists take turns with their markers across the two paths, as the serializer alternates them', () => {
    const list = (id: string, text: string) => ({...blockOf('list', id), text}) as Block
    const blocks = [list('a', '- x'), list('b', '- y'), list('c', '1. z'), list('d', '1. w')]
    expect(render(blocks).markdown).toBe('- x\n\n* y\n\n1. z\n\n1) w\n')
    expectSame(blocks, {handlers: {list: customHandler('list', 'default') as Handlers['list']}})
    expectSame(blocks, {handlers: {paragraph: customHandler('paragraph', 'list') as Handlers['paragraph']}})
  })
})

function blockOf(type: string, id: string): Record<string, unknown> {
  return {
    id,
    type,
    page: 1,
    bbox: [0, 0, 1, 1],
    bbox_units: 'normalized',
    reading_order_index: 0,
    text_source: 'verified',
    confidence: 1,
    verified: true
  }
}
