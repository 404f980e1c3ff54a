import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {
  positionalDistance,
  type RenameCost,
  tableSimilarity,
  tableTree,
  TEDS_NODE_LIMIT,
  treeEditDistance,
  type TreeNode
} from '../../src/compare/teds.js'

/** `f(d(a c(b)) e)` → a tree. */
function tree(spec: string): TreeNode {
  let at = 0
  const node = (): TreeNode => {
    const label = /^[\w-]+/.exec(spec.slice(at))![0]
    at += label.length
    const children: TreeNode[] = []
    if (spec[at] === '(') {
      at++
      while (spec[at] !== ')') {
        if (spec[at] === ' ') at++
        else children.push(node())
      }
      at++
    }
    return {label, children}
  }
  return node()
}

const unit: RenameCost = (a, b) => (a.label === b.label ? 0 : 1)

/** The recursive definition of the forest edit distance, memoised: the oracle for small trees. */
function naiveDistance(a: TreeNode, b: TreeNode, rename: RenameCost): number {
  const memo = new Map<string, number>()
  const key = (forest: TreeNode[]) => JSON.stringify(forest)
  const size = (forest: TreeNode[]): number => forest.reduce((n, t) => n + 1 + size(t.children), 0)
  const d = (f: TreeNode[], g: TreeNode[]): number => {
    if (f.length === 0) return size(g)
    if (g.length === 0) return size(f)
    const k = key(f) + '|' + key(g)
    const known = memo.get(k)
    if (known !== undefined) return known
    const v = f.at(-1)!
    const w = g.at(-1)!
    const value = Math.min(
      d([...f.slice(0, -1), ...v.children], g) + 1,
      d(f, [...g.slice(0, -1), ...w.children]) + 1,
      d(f.slice(0, -1), g.slice(0, -1)) + d(v.children, w.children) + rename(v, w)
    )
    memo.set(k, value)
    return value
  }
  return d([a], [b])
}

/** A random tree of up to 8 nodes: each node after the root hangs under an earlier one. */
const treeArb: fc.Arbitrary<TreeNode> = fc
  .array(fc.tuple(fc.nat(), fc.constantFrom('a', 'b', 'c')), {minLength: 1, maxLength: 8})
  .map((spec) => {
    const nodes: TreeNode[] = []
    spec.forEach(([parent, label], i) => {
      const node: TreeNode = {label, children: []}
      if (i > 0) nodes[parent % i]!.children.push(node)
      nodes.push(node)
    })
    return nodes[0]!
  })

describe('tree edit distance (Zhang–Shasha)', () => {
  it('gives the hand-computed distances', () => {
    // Zhang & Shasha's own example: delete c, insert c above d.
    expect(treeEditDistance(tree('f(d(a c(b)) e)'), tree('f(c(d(a b)) e)'), unit)).toBe(2)
    expect(treeEditDistance(tree('a'), tree('a'), unit)).toBe(0)
    expect(treeEditDistance(tree('a'), tree('b'), unit)).toBe(1)
    expect(treeEditDistance(tree('a(b c)'), tree('a(b)'), unit)).toBe(1)
    expect(treeEditDistance(tree('a(b c)'), tree('a(c b)'), unit)).toBe(2)
    // A node removed from the middle: its children move up to its parent.
    expect(treeEditDistance(tree('a(x(b c) d)'), tree('a(b c d)'), unit)).toBe(1)
    expect(treeEditDistance(tree('a(b(c(d)))'), tree('a'), unit)).toBe(3)
  })

  test.prop([treeArb, treeArb], {numRuns: 300})('agrees with the recursive definition, both ways round', (a, b) => {
    const distance = treeEditDistance(a, b, unit)
    expect(distance).toBe(naiveDistance(a, b, unit))
    expect(treeEditDistance(b, a, unit)).toBe(distance)
  })
})

describe('TEDS of tables', () => {
  const t = (headers: string[], rows: string[][]) => ({headers, rows})

  it('builds table → rows → cells, the header row first with th cells', () => {
    expect(tableTree(['H'], [['x', 'y']])).toEqual({
      label: 'table',
      children: [
        {label: 'tr', children: [{label: 'th', text: 'H', children: []}]},
        {
          label: 'tr',
          children: [
            {label: 'td', text: 'x', children: []},
            {label: 'td', text: 'y', children: []}
          ]
        }
      ]
    })
  })

  it('gives the hand-computed scores', () => {
    const base = t(
      [],
      [
        ['ab', 'cd'],
        ['ef', 'gh']
      ]
    ) // 1 + 2 rows + 4 cells = 7 nodes
    expect(tableSimilarity(base, base)).toEqual({teds: 1, tedsStructure: 1, approximate: false})
    // One cell "ab" → "ac": a rename of cost 1/2.
    const oneCell = tableSimilarity(
      base,
      t(
        [],
        [
          ['ac', 'cd'],
          ['ef', 'gh']
        ]
      )
    )
    expect(oneCell).toEqual({teds: 1 - 0.5 / 7, tedsStructure: 1, approximate: false})
    // A third row of two cells: 3 insertions over max(7, 10) nodes.
    const extraRow = tableSimilarity(
      base,
      t(
        [],
        [
          ['ab', 'cd'],
          ['ef', 'gh'],
          ['ij', 'kl']
        ]
      )
    )
    expect(extraRow.teds).toBeCloseTo(0.7, 12)
    expect(extraRow.tedsStructure).toBeCloseTo(0.7, 12)
    // The first row read as a header: two th ↔ td renames of cost 1 each, over 7 nodes.
    const header = tableSimilarity(base, t(['ab', 'cd'], [['ef', 'gh']]))
    expect(header.teds).toBeCloseTo(1 - 2 / 7, 12)
    expect(header.tedsStructure).toBeCloseTo(1 - 2 / 7, 12)
    // Cells that differ entirely: each rename costs 1 with content, 0 without.
    const texts = tableSimilarity(
      base,
      t(
        [],
        [
          ['w', 'x'],
          ['y', 'z']
        ]
      )
    )
    expect(texts).toEqual({teds: 1 - 4 / 7, tedsStructure: 1, approximate: false})
    // Whitespace is collapsed by default, kept with 'exact'.
    expect(
      tableSimilarity(
        base,
        t(
          [],
          [
            [' ab ', 'cd'],
            ['ef', 'gh']
          ]
        )
      ).teds
    ).toBe(1)
    expect(
      tableSimilarity(
        base,
        t(
          [],
          [
            [' ab', 'cd'],
            ['ef', 'gh']
          ]
        ),
        'exact'
      ).teds
    ).toBeCloseTo(1 - 1 / 3 / 7, 12)
  })

  it('stays within [0, 1] for tables that share nothing', () => {
    const result = tableSimilarity(
      t([], [['a']]),
      t(
        ['x', 'y', 'z'],
        [
          ['1', '2', '3'],
          ['4', '5', '6']
        ]
      )
    )
    expect(result.teds).toBeGreaterThanOrEqual(0)
    expect(result.teds).toBeLessThanOrEqual(result.tedsStructure)
  })

  it('falls back to a positional mapping, flagged approximate, past the size limit', () => {
    const rows = Math.ceil(Math.sqrt(TEDS_NODE_LIMIT) / 2) + 10 // (2·rows + 1)² nodes squared > the limit
    const big = t(
      [],
      Array.from({length: rows}, (_, i) => [`r${i}`])
    )
    expect(tableSimilarity(big, big)).toEqual({teds: 1, tedsStructure: 1, approximate: true})
    // A row inserted on top: the positional mapping renames every cell below it (a lower bound).
    const shifted = tableSimilarity(big, t([], [['new'], ...big.rows]))
    expect(shifted.approximate).toBe(true)
    expect(shifted.tedsStructure).toBeCloseTo(1 - 2 / (2 * rows + 3), 12)
    expect(shifted.teds).toBeLessThan(shifted.tedsStructure)
  })

  const cells = fc.array(fc.constantFrom('a', 'b', 'ab', ''), {maxLength: 3})
  const tableArb = fc.record({headers: cells, rows: fc.array(cells, {maxLength: 4})})
  test.prop([tableArb, tableArb], {numRuns: 200})('the positional fallback never costs less than the exact distance', (a, b) => {
    const rename: RenameCost = (x, y) => (x.label !== y.label ? 1 : x.text === y.text ? 0 : 0.5)
    const [treeA, treeB] = [tableTree(a.headers, a.rows), tableTree(b.headers, b.rows)]
    expect(positionalDistance(treeA, treeB, rename)).toBeGreaterThanOrEqual(treeEditDistance(treeA, treeB, rename) - 1e-9)
  })
})
