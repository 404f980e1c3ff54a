import {codePoints, normalizeText, type Whitespace} from './text.js'
import {distance as levenshtein} from 'fastest-levenshtein'
import {textDistance} from './edit-distance.js'

/** A labelled, ordered tree; `text` is the content of a table cell. */
export interface TreeNode {
  label: string
  text?: string
  children: TreeNode[]
}

/** Cost of turning node `a` into node `b`; insertions and deletions cost 1. */
export type RenameCost = (a: TreeNode, b: TreeNode) => number

interface Postorder {
  nodes: TreeNode[]
  /** Postorder index of each node's leftmost leaf. */
  leftmost: Int32Array
  /** Nodes whose leftmost leaf no later node shares, ascending. */
  keyroots: number[]
}

function postorder(root: TreeNode): Postorder {
  const nodes: TreeNode[] = []
  const left: number[] = []
  // Iterative, so a deep tree cannot overflow the stack.
  const stack: Array<{node: TreeNode; next: number; leftmost: number}> = [{node: root, next: 0, leftmost: -1}]
  while (stack.length > 0) {
    const top = stack.at(-1)!
    if (top.next < top.node.children.length) {
      stack.push({node: top.node.children[top.next++]!, next: 0, leftmost: -1})
      continue
    }
    stack.pop()
    const index = nodes.length
    nodes.push(top.node)
    const leftmost = top.leftmost === -1 ? index : top.leftmost
    left.push(leftmost)
    const parent = stack.at(-1)
    if (parent && parent.leftmost === -1) parent.leftmost = leftmost
  }
  const seen = new Set<number>()
  const keyroots: number[] = []
  for (let i = nodes.length - 1; i >= 0; i--)
    if (!seen.has(left[i]!)) {
      seen.add(left[i]!)
      keyroots.push(i)
    }
  return {nodes, leftmost: Int32Array.from(left), keyroots: keyroots.reverse()}
}

/** Number of nodes of a tree. */
export function treeSize(root: TreeNode): number {
  let size = 0
  const stack = [root]
  while (stack.length > 0) {
    const node = stack.pop()!
    size++
    stack.push(...node.children)
  }
  return size
}

/**
 * Tree edit distance (Zhang & Shasha, 1989): the cheapest sequence of node deletions (cost 1),
 * insertions (cost 1) and renames (`rename`) that turns one ordered tree into the other.
 *
 * Time O(|A|·|B|·min(depthA, leavesA)·min(depthB, leavesB)), memory O(|A|·|B|): for the
 * three-level table trees of {@link tableSimilarity}, about 9·|A|·|B| steps. No size limit of its
 * own: bound the trees you give it.
 *
 * @example
 * const tree = (label: string, ...children: TreeNode[]): TreeNode => ({label, children})
 * treeEditDistance(tree('f', tree('a'), tree('b')), tree('f', tree('b')), (x, y) => (x.label === y.label ? 0 : 1)) // 1
 */
export function treeEditDistance(a: TreeNode, b: TreeNode, rename: RenameCost): number {
  const A = postorder(a)
  const B = postorder(b)
  const n = A.nodes.length
  const m = B.nodes.length
  const tree = new Float64Array(n * m)
  const forest = new Float64Array((n + 1) * (m + 1))
  for (const i of A.keyroots)
    for (const j of B.keyroots) {
      const li = A.leftmost[i]!
      const lj = B.leftmost[j]!
      const width = j - lj + 2
      // forest[x * width + y]: distance between A's nodes li..li+x-1 and B's nodes lj..lj+y-1.
      forest[0] = 0
      for (let x = 1; x <= i - li + 1; x++) forest[x * width] = forest[(x - 1) * width]! + 1
      for (let y = 1; y <= j - lj + 1; y++) forest[y] = forest[y - 1]! + 1
      for (let x = 1; x <= i - li + 1; x++) {
        const i1 = li + x - 1
        for (let y = 1; y <= j - lj + 1; y++) {
          const j1 = lj + y - 1
          const remove = forest[(x - 1) * width + y]! + 1
          const insert = forest[x * width + y - 1]! + 1
          if (A.leftmost[i1] === li && B.leftmost[j1] === lj) {
            const value = Math.min(remove, insert, forest[(x - 1) * width + y - 1]! + rename(A.nodes[i1]!, B.nodes[j1]!))
            forest[x * width + y] = value
            tree[i1 * m + j1] = value
          } else {
            const before = forest[(A.leftmost[i1]! - li) * width + (B.leftmost[j1]! - lj)]!
            forest[x * width + y] = Math.min(remove, insert, before + tree[i1 * m + j1]!)
          }
        }
      }
    }
  return tree[(n - 1) * m + (m - 1)]!
}

/** The tree of a table: `table` → one `tr` per row (the header row first, when there is one) → `th` / `td` cells. */
export function tableTree(headers: readonly string[], rows: readonly (readonly string[])[]): TreeNode {
  const row = (cells: readonly string[], label: 'th' | 'td'): TreeNode => ({
    label: 'tr',
    children: cells.map((text) => ({label, text, children: []}))
  })
  return {label: 'table', children: [...(headers.length > 0 ? [row(headers, 'th')] : []), ...rows.map((r) => row(r, 'td'))]}
}

/** Largest product of the two tables' node counts for which TEDS is exact (memory ≈ 16 bytes per unit). */
export const TEDS_NODE_LIMIT = 2_000_000
/** Largest product of the two tables' character counts for which TEDS with content is exact. */
export const TEDS_TEXT_LIMIT = 1_000_000_000

/** TEDS of two tables, structure-only and with content. */
export interface TableSimilarity {
  /** With cell content: a cell rename costs the normalised edit distance of the texts. */
  teds: number
  /** Structure only: cell texts are ignored. */
  tedsStructure: number
  /** True when the tables were too large and the scores are lower bounds (a positional mapping). */
  approximate: boolean
}

/**
 * TEDS (Zhong et al., 2020): `1 − TED(A, B) / max(|A|, |B|)`, clipped to [0, 1], over the
 * trees of `tableTree`. A rename costs 0 between equal labels (`table`, `tr`), 1 between
 * different ones (a header cell against a body cell); between cells of the same kind it costs
 * the normalised edit distance of their texts (`teds`) or 0 (`tedsStructure`).
 *
 * Tables beyond `TEDS_NODE_LIMIT` or `TEDS_TEXT_LIMIT` are compared by a positional
 * mapping instead (row i to row i, cell j to cell j), in linear time: a valid edit script, so its
 * cost bounds the distance from above and the scores from below; `approximate` is then true.
 *
 * @example
 * tableSimilarity({headers: [], rows: [['ab', 'cd']]}, {headers: [], rows: [['ac', 'cd']]})
 * // {teds: 0.875, tedsStructure: 1, approximate: false}: one rename of cost 1/2 over 4 nodes
 */
export function tableSimilarity(
  a: {headers: readonly string[]; rows: readonly (readonly string[])[]},
  b: {headers: readonly string[]; rows: readonly (readonly string[])[]},
  whitespace: Whitespace = 'collapse'
): TableSimilarity {
  const clean = (cells: readonly string[]) => cells.map((cell) => normalizeText(cell, whitespace))
  const treeA = tableTree(clean(a.headers), a.rows.map(clean))
  const treeB = tableTree(clean(b.headers), b.rows.map(clean))
  const sizeA = treeSize(treeA)
  const sizeB = treeSize(treeB)
  // Each cell's length and whether it is plain (no surrogates), once: a rename is asked for every pair.
  const cells = new Map<TreeNode, {length: number; plain: boolean}>()
  for (const tree of [treeA, treeB])
    for (const row of tree.children)
      for (const cell of row.children) cells.set(cell, {length: codePoints(cell.text!), plain: !/[\ud800-\udfff]/.test(cell.text!)})
  const cellCost = (x: TreeNode, y: TreeNode): number => {
    if (x.text === y.text) return 0
    const [p, q] = [cells.get(x)!, cells.get(y)!]
    // Plain cells go straight to fastest-levenshtein: TEDS_TEXT_LIMIT already bounds the work.
    const edits = p.plain && q.plain ? levenshtein(x.text!, y.text!) : textDistance(x.text!, y.text!).distance
    return edits / Math.max(p.length, q.length)
  }
  const content: RenameCost = (x, y) => (x.label !== y.label ? 1 : x.text === undefined ? 0 : cellCost(x, y))
  const structure: RenameCost = (x, y) => (x.label !== y.label ? 1 : 0)
  const chars = (tree: TreeNode) => tree.children.reduce((sum, row) => sum + row.children.reduce((s, c) => s + (c.text?.length ?? 0), 0), 0)
  const exact = sizeA * sizeB <= TEDS_NODE_LIMIT && chars(treeA) * chars(treeB) <= TEDS_TEXT_LIMIT
  const distance = exact ? treeEditDistance : positionalDistance
  const score = (cost: RenameCost) => Math.min(1, Math.max(0, 1 - distance(treeA, treeB, cost) / Math.max(sizeA, sizeB)))
  return {teds: score(content), tedsStructure: score(structure), approximate: !exact}
}

/** The cost of mapping two table trees position by position: root to root, row i to row i, cell j to cell j. */
export function positionalDistance(a: TreeNode, b: TreeNode, rename: RenameCost): number {
  let cost = rename(a, b)
  const rows = Math.max(a.children.length, b.children.length)
  for (let i = 0; i < rows; i++) {
    const x = a.children[i]
    const y = b.children[i]
    if (!x || !y) {
      cost += treeSize((x ?? y)!)
      continue
    }
    cost += rename(x, y)
    const cells = Math.max(x.children.length, y.children.length)
    for (let j = 0; j < cells; j++) {
      const c = x.children[j]
      const d = y.children[j]
      cost += c && d ? rename(c, d) : 1
    }
  }
  return cost
}

/**
 * The tree PubTabNet's reference builds from a table's HTML (`<table><thead><tr><td>…` for the
 * header row, `<tbody><tr><td>…` for the body; a part without rows is left out): header cells are
 * `td` under `thead`, as in PubTabNet's and OmniDocBench's ground truth.
 */
export function pubtabnetTree(headers: readonly string[], rows: readonly (readonly string[])[]): TreeNode {
  const row = (cells: readonly string[]): TreeNode => ({label: 'tr', children: cells.map((text) => ({label: 'td', text, children: []}))})
  return {
    label: 'table',
    children: [
      ...(headers.length > 0 ? [{label: 'thead', children: [row(headers)]}] : []),
      ...(rows.length > 0 ? [{label: 'tbody', children: rows.map(row)}] : [])
    ]
  }
}

/**
 * TEDS exactly as PubTabNet's reference (`src/metric.py`, `TEDS.evaluate`): `1 − TED / n` where
 * the edit distance runs over the `pubtabnetTree`s (root included, as APTED does) but `n` counts
 * the nodes below the root only (`len(table.xpath(".//*"))`); a rename costs 1 between different
 * tags, and between two `td` the Levenshtein distance of their characters over the longer length
 * when either has text (0 when both are empty); cell text is taken as is (no normalisation) and
 * the score is not clipped. Two empty tables score 1 (the reference divides by zero).
 *
 * @example
 * pubtabnetSimilarity({headers: [], rows: [['ab', 'cd']]}, {headers: [], rows: [['ac', 'cd']]})
 * // {teds: 0.875, tedsStructure: 1, approximate: false}: a rename of 1/2 over the 4 nodes below the root
 */
export function pubtabnetSimilarity(
  a: {headers: readonly string[]; rows: readonly (readonly string[])[]},
  b: {headers: readonly string[]; rows: readonly (readonly string[])[]}
): TableSimilarity {
  const treeA = pubtabnetTree(a.headers, a.rows)
  const treeB = pubtabnetTree(b.headers, b.rows)
  const sizeA = treeSize(treeA)
  const sizeB = treeSize(treeB)
  const below = Math.max(sizeA, sizeB) - 1
  if (below === 0) return {teds: 1, tedsStructure: 1, approximate: false}
  const cellCost = (x: string, y: string): number => {
    if (x === y) return 0
    return textDistance(x, y).distance / Math.max(codePoints(x), codePoints(y))
  }
  const content: RenameCost = (x, y) =>
    x.label !== y.label ? 1 : x.label === 'td' && (x.text || y.text) ? cellCost(x.text ?? '', y.text ?? '') : 0
  const structure: RenameCost = (x, y) => (x.label !== y.label ? 1 : 0)
  const chars = (tree: TreeNode): number => (tree.text?.length ?? 0) + tree.children.reduce((sum, child) => sum + chars(child), 0)
  const exact = sizeA * sizeB <= TEDS_NODE_LIMIT && chars(treeA) * chars(treeB) <= TEDS_TEXT_LIMIT
  const distance = exact ? treeEditDistance : positionalTreeDistance
  const score = (cost: RenameCost) => 1 - distance(treeA, treeB, cost) / below
  return {teds: score(content), tedsStructure: score(structure), approximate: !exact}
}

/** The cost of mapping two trees position by position at every level (an upper bound of their edit distance). */
export function positionalTreeDistance(a: TreeNode, b: TreeNode, rename: RenameCost): number {
  let cost = 0
  const stack: Array<[TreeNode, TreeNode]> = [[a, b]]
  while (stack.length > 0) {
    const [x, y] = stack.pop()!
    cost += rename(x, y)
    const count = Math.max(x.children.length, y.children.length)
    for (let i = 0; i < count; i++) {
      const c = x.children[i]
      const d = y.children[i]
      if (c && d) stack.push([c, d])
      else cost += treeSize((c ?? d)!)
    }
  }
  return cost
}
