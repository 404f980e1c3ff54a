// README, "Markdown rendering", `list`: "One item per line (a line with only a marker is skipped …);
// leading `-` `*` `+` `•` … and `1.` `1)` `a)` `(a)` are removed; ordered when the first item is
// numbered (a letter counts: `a` = 1), starting at that number (lowered when the last marker would
// pass 999999999 …); deeper indentation nests (up to 16 levels; deeper lines join the deepest list)."
// Read back by micromark (remark-parse + GFM), over generated lists.
import type {List, ListItem, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {fc, test} from '@fast-check/vitest'
import {describe, expect} from 'vitest'
import {renderMarkdown} from '../../src/index.js'
import {doc} from '../helpers/render-checks.js'

const parser = unified().use(remarkParse).use(remarkGfm)
const MAX = 999_999_999

const numberArb = fc.oneof(fc.nat({max: 12}), fc.integer({min: MAX - 4, max: MAX}), fc.integer({min: MAX - 4, max: MAX}), fc.integer({min: 0, max: MAX}))
const markerArb = fc.oneof(
  fc.constantFrom('- ', '* ', '+ ', '• ', '◦ ', '▪ ', '‣ ', '– ').map((m) => ({spelled: m, number: undefined as number | undefined})),
  fc.tuple(numberArb, fc.constantFrom('.', ')')).map(([n, d]) => ({spelled: `${n}${d} `, number: n})),
  fc.tuple(fc.constantFrom('a', 'b', 'c', 'z', 'B'), fc.constantFrom('.', ')', '(')).map(([letter, d]) => ({
    spelled: d === '(' ? `(${letter}) ` : `${letter}${d} `,
    number: letter.toLowerCase().charCodeAt(0) - 96
  }))
)
const wordArb = fc.constantFrom('alpha', 'beta', 'Revenue', '42', 'x', '*', '#', '1.', 'a)', '-', '[x]', '`', '<b>')
const lineArb = fc.record({
  // Mostly one level deeper, so that runs pass 16 levels; sometimes back up by one to three.
  depthStep: fc.constantFrom(1, 1, 0, -1, -3),
  marker: markerArb,
  words: fc.array(wordArb, {minLength: 1, maxLength: 4}),
  markerOnly: fc.boolean()
})

interface Line {
  depth: number
  number: number | undefined
  text: string
  markerOnly: boolean
}

/** Items in the order they are written (each item's paragraph, then its nested list), with their depth. */
function items(list: List, depth = 1, out: Array<{item: ListItem; depth: number; list: List}> = []) {
  for (const item of list.children) {
    out.push({item, depth, list})
    for (const child of item.children) if (child.type === 'list') items(child, depth + 1, out)
  }
  return out
}

describe('list blocks', () => {
  test.prop([fc.array(lineArb, {minLength: 1, maxLength: 20}), fc.oneof(fc.constant(0), fc.integer({min: 14, max: 19})), fc.boolean()], {numRuns: 200})(
    'every item read back in order, nested by indentation up to 16 levels, numbered from the first marker, within 9 digits',
    (tail, climb, tabs) => {
      // A run of `climb` lines one level deeper each (past 16 levels), then the generated walk.
      const specs = [...Array.from({length: climb}, (_, i) => ({...tail[i % tail.length]!, depthStep: 1})), ...tail]
      // Indentation walks up at most one level a line (and anywhere down), so a run can pass 16.
      // The first line at the margin: the list's own indentation is its first line's (a line less
      // indented than that joins it).
      let depth = 0
      const lines: Line[] = specs.map((s, i) => {
        depth = i === 0 ? 0 : Math.max(0, depth + s.depthStep)
        return {depth, number: s.marker.number, text: s.words.join(' '), markerOnly: s.markerOnly && i > 0}
      })
      const text = specs
        .map((s, i) => `${(tabs ? '\t' : '  ').repeat(lines[i]!.depth)}${s.marker.spelled}${lines[i]!.markerOnly ? '' : lines[i]!.text}`)
        .join('\n')
      const kept = lines.filter((line) => !line.markerOnly)
      const tree = parser.parse(renderMarkdown(doc([{type: 'list', text}]))) as Root
      expect(tree.children).toHaveLength(1)
      const read = items(tree.children[0] as List)
      expect(read.map(({item}) => toString(item.children[0]!))).toEqual(kept.map((line) => line.text))
      read.forEach(({depth: at}, i) => {
        expect(at).toBeLessThanOrEqual(16)
        if (i === 0) return expect(at).toBe(1)
        const [before, now] = [kept[i - 1]!, kept[i]!]
        const previous = read[i - 1]!.depth
        if (now.depth === before.depth) expect(at).toBe(previous)
        else if (now.depth > before.depth) expect(at).toBe(Math.min(previous + 1, 16))
        else expect(at).toBeLessThanOrEqual(previous)
      })
      // Every list: ordered exactly when its first item is numbered, from that number, lowered so
      // its last marker has at most 9 digits.
      const lists = new Set(read.map(({list}) => list))
      for (const list of lists) {
        const first = kept[read.findIndex((r) => r.list === list)]!
        expect(list.ordered).toBe(first.number !== undefined)
        if (first.number !== undefined) expect(list.start).toBe(Math.min(first.number, MAX - list.children.length + 1))
      }
    }
  )
})
