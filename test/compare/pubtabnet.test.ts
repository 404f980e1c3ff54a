import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {compareDocuments} from '../../src/index.js'
import {pubtabnetSimilarity, tableSimilarity} from '../../src/compare/teds.js'
import {makeBlock} from '../helpers/blocks.js'
import {repoPath} from '../helpers/paths.js'
import {doc} from '../helpers/render-checks.js'

interface Case {
  a: {headers: string[]; rows: string[][]}
  b: {headers: string[]; rows: string[][]}
  teds: number
  tedsStructure: number
}

// Written by test/fixtures/compare/pubtabnet/reference.py (PubTabNet's metric restated over lxml,
// with an edit distance of its own); see its docstring for how each step follows the reference.
const cases: Case[] = JSON.parse(readFileSync(repoPath('test/fixtures/compare/pubtabnet/expected.json'), 'utf8'))

describe("teds: 'pubtabnet'", () => {
  it.each(cases.map((c, i) => [i, c] as const))('pair %i scores as the reference', (_, c) => {
    const score = pubtabnetSimilarity(c.a, c.b)
    expect(score.teds).toBeCloseTo(c.teds, 12)
    expect(score.tedsStructure).toBeCloseTo(c.tedsStructure, 12)
    expect(score.approximate).toBe(false)
  })

  it('differs from the default where the definitions differ', () => {
    // A cell renamed halfway under a header row: the default counts table, tr, th, tr, td (5);
    // PubTabNet counts thead, tr, td, tbody, tr, td below the root (6).
    const a = {headers: ['h'], rows: [['ab']]}
    const b = {headers: ['h'], rows: [['ac']]}
    expect(tableSimilarity(a, b).teds).toBe(1 - 0.5 / 5)
    expect(pubtabnetSimilarity(a, b).teds).toBe(1 - 0.5 / 6)
    // The default collapses whitespace; PubTabNet compares cell text as is.
    expect(tableSimilarity({headers: [], rows: [['a  b']]}, {headers: [], rows: [['a b']]}).teds).toBe(1)
    expect(pubtabnetSimilarity({headers: [], rows: [['a  b']]}, {headers: [], rows: [['a b']]}).teds).toBe(1 - 0.25 / 3)
  })

  it('is what compareDocuments reports for matched tables with the option', () => {
    const table = (rows: string[][]) => makeBlock('table', {headers: ['h'], rows})
    const a = doc([table([['x'], ['y']])])
    const b = doc([table([['x'], ['z']])])
    const pub = compareDocuments(a, b, {teds: 'pubtabnet'})
    expect(pub.options.teds).toBe('pubtabnet')
    expect(pub.summary.tables[0]?.teds).toBe(
      pubtabnetSimilarity({headers: ['h'], rows: [['x'], ['y']]}, {headers: ['h'], rows: [['x'], ['z']]}).teds
    )
    expect(compareDocuments(a, b).summary.tables[0]?.teds).toBe(
      tableSimilarity({headers: ['h'], rows: [['x'], ['y']]}, {headers: ['h'], rows: [['x'], ['z']]}).teds
    )
    expect(() => compareDocuments(a, b, {teds: 'other' as 'pubtabnet'})).toThrow(/teds: expected/)
  })
})
