// The chunker's block renderer sets the serializer's state up once and writes every block with it
// (src/chunk/rendered-blocks.ts): each block's markdown must be what a renderer of its own writes,
// whatever was written before (lists one after another, whose bullets alternate within one
// write, and a write that threw halfway).
import {fc, test} from '@fast-check/vitest'
import type {RootContent} from 'mdast'
import {describe, expect} from 'vitest'
import {createBlockRenderer} from '../../src/chunk/rendered-blocks.js'
import type {Block} from '../../src/index.js'
import {blockArb} from '../helpers/arbitraries.js'

const blocks = fc.array(fc.oneof(blockArb(1), blockArb(1, 'list'), blockArb(1, 'list'), blockArb(1, 'table')), {
  minLength: 1,
  maxLength: 12
})
const options = fc.record({
  images: fc.constantFrom('placeholder', 'omit', 'embed') as fc.Arbitrary<'placeholder' | 'omit' | 'embed'>,
  headingNumbering: fc.boolean()
})

/** Nodes the serializer gives up on inside constructs it entered: the state is left mid-write. */
const unwritable = fc.constantFrom(
  ...([
    {type: 'list', ordered: false, spread: false, children: [{type: 'listItem', children: [{type: 'nonsense'}]}]},
    {type: 'footnoteDefinition', identifier: 'x', children: [{type: 'paragraph', children: [{type: 'nonsense'}]}]},
    {
      type: 'blockquote',
      children: [{type: 'table', children: [{type: 'tableRow', children: [{type: 'tableCell', children: [{type: 'nonsense'}]}]}]}]
    }
  ] as unknown as RootContent[])
)

describe('the block renderer', () => {
  test.prop([blocks, options, fc.nat({max: 12}), unwritable], {numRuns: 150})(
    'writes each block as a renderer of its own does, whatever it wrote before',
    (list, settings, failAt, node) => {
      const shared = createBlockRenderer(settings)
      list.forEach((block: Block, i) => {
        if (i === failAt) expect(() => shared.write([...shared.nodes(block), node])).toThrow()
        // Two lists in one write alternate their bullets: a state carried over would too.
        expect(shared.write([...shared.nodes(block), ...shared.nodes(block)])).toBe(
          createBlockRenderer(settings).write([...shared.nodes(block), ...shared.nodes(block)])
        )
        expect(shared.render(block)).toBe(createBlockRenderer(settings).render(block))
      })
    }
  )
})
