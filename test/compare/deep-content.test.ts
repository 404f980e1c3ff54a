import {describe, expect, it} from 'vitest'
import {type Block, compareDocuments, ValidationError} from '../../src/index.js'
import {canonicalJson} from '../../src/compare/canonical.js'
import {block, documentOf} from './arbitraries.js'
import {cli, tempDir} from '../cli/helpers.js'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

/** `{k: {k: … leaf …}}`, `depth` levels deep, built without recursion. */
function nested(depth: number, leaf: unknown): unknown {
  let value = leaf
  for (let i = 0; i < depth; i++) value = {k: value}
  return value
}

const chart = (values: number[], deep: unknown) =>
  ({
    ...block('c', 1, 'paragraph', [0.1, 0.1, 0.9, 0.5], []),
    type: 'chart',
    chart_type: 'bar',
    title: 'Sales',
    categories: ['Q1', 'Q2'],
    series: [{name: 'EU', values}],
    text_source: 'derived',
    verified: false,
    extra: deep
  }) as unknown as Block
const image = (url: string, deep: unknown) => ({...block('i', 1, 'image', [0.1, 0.6, 0.9, 0.9], ['logo']), url, extra: deep}) as Block

describe('content nested 100,000 deep is compared, never called the same', () => {
  const deepA = nested(100_000, 'a')
  const deepB = nested(100_000, 'b')

  it('two documents whose chart values and image URLs differ do not match (issue 24)', () => {
    const a = documentOf([[chart([1, 2], deepA), image('https://example.com/a.png', deepA)]])
    const b = documentOf([[chart([1, 3], deepA), image('https://example.com/b.png', deepA)]])
    const {pairs, summary} = compareDocuments(a, b)
    expect(pairs.map((p) => [p.a, p.status, p.changes])).toEqual([
      [['c'], 'changed', ['content']],
      [['i'], 'changed', ['content']]
    ])
    expect(summary.match).toBe(false)
  })

  it('a difference at the bottom of the nesting is a difference; equal nestings are the same', () => {
    const doc = (deep: unknown) => documentOf([[image('https://example.com/a.png', deep)]])
    expect(compareDocuments(doc(deepA), doc(deepB)).summary.match).toBe(false)
    expect(compareDocuments(doc(deepA), doc(nested(100_000, 'a'))).summary.match).toBe(true)
  })

  it('refuses content that holds an object twice (a cycle), with its path', () => {
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    const doc = documentOf([[image('https://example.com/a.png', cycle)]])
    let error: unknown
    try {
      compareDocuments(documentOf([[]]), doc)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).issues.map((i) => [i.code, i.pointer])).toEqual([['content_not_comparable', '/b/pages/0/blocks/0']])
  })

  it('docmodel diff exits 1 on such documents (it said they match, exit 0)', async () => {
    const dir = tempDir()
    const write = (name: string, url: string) => {
      const path = join(dir, name)
      const deepText = `${'{"k":'.repeat(100_000)}"a"${'}'.repeat(100_000)}`
      writeFileSync(path, JSON.stringify(documentOf([[image(url, 'DEEP')]])).replace('"DEEP"', deepText))
      return path
    }
    const run = await cli(['diff', write('a.json', 'https://example.com/a.png'), write('b.json', 'https://example.com/b.png')])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(1)
  })
})

describe('canonicalJson', () => {
  it('writes what JSON.stringify with sorted keys writes', () => {
    const value = {b: [1, ' x ', null, undefined, Number.NaN], a: {d: true, c: 'y'}, e: undefined}
    expect(canonicalJson(value, (s) => s.trim())).toBe('{"a":{"c":"y","d":true},"b":[1,"x",null,null,null]}')
  })
})
