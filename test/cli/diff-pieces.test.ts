// `diff --json` page by page writes its summary in pieces (src/cli/commands/diff.ts `jsonPieces`):
// joined, they must be the bytes of `JSON.stringify(value, null, 2)` nested at the indent given.
import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {jsonPieces} from '../../src/cli/commands/diff.js'

const nested = (value: unknown, indent: string) => JSON.stringify(value, null, 2).replaceAll('\n', '\n' + indent)

describe('jsonPieces', () => {
  it('an element of an array a piece, an object a member at a time', () => {
    const summary = {cer: null, pages: [{page: 1, counts: {same: 1}}, {page: 2, counts: {}}], tables: [], counts: {}, match: false}
    expect([...jsonPieces(summary, '  ')].join('')).toBe(nested(summary, '  '))
    expect([...jsonPieces(summary.pages, '')]).toEqual(['[\n  ' + nested(summary.pages[0], '  '), ',\n  ' + nested(summary.pages[1], '  '), '\n]'])
  })

  test.prop([fc.jsonValue({maxDepth: 4}), fc.constantFrom('', '  ', '    ')], {numRuns: 300})(
    'any JSON value at any depth: the same bytes',
    (value, indent) => {
      expect([...jsonPieces(value, indent)].join('')).toBe(nested(value, indent))
    }
  )

  it('members that are undefined are left out, as JSON.stringify leaves them', () => {
    const value = {a: undefined, b: [1, undefined], c: {d: undefined}}
    expect([...jsonPieces(value, '  ')].join('')).toBe(nested(value, '  '))
  })
})
