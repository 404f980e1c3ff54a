// Hostile shapes for compareDocuments: content nested deep (compared iteratively, never skipped).
import {compareDocuments} from '../../src/index.js'
import type {Document} from '../../src/index.js'
import {block, documentOf} from '../hostile-documents.js'
import type {CostShape} from './types.js'

/** Two documents whose one block carries an unknown key nested 10k·n deep, differing at the bottom. */
function deepPair(n: number): [Document, Document] {
  const side = (leaf: string) => {
    let deep: unknown = leaf
    for (let i = 0; i < 10_000 * n; i++) deep = {k: deep}
    return documentOf([block(0, {extra: deep})])
  }
  return [side('a'), side('b')]
}

export const shapes: CostShape[] = [
  {
    name: 'content nested 10k·n deep in an unknown key, differing at the bottom',
    entry: 'compareDocuments',
    make: deepPair,
    run: (input) => compareDocuments(...(input as [Document, Document]))
  }
]
