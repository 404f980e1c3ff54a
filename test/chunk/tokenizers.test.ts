import {fc, test} from '@fast-check/vitest'
import {describe, expect} from 'vitest'
import {CL100K_TOKEN_SPLIT_REGEX, O200K_TOKEN_SPLIT_REGEX} from 'gpt-tokenizer/encodingParams/constants'
import {heapMerge} from '../../src/chunk/bpe-merge.js'
import {ENCODING_TOKEN_UNITS, type MergeCore, lastPiece, loadTokenizer} from '../../src/chunk/tokenizers.js'

const pieces = fc.constantFrom('a', 'Z', '7', '.', '|', ' ', '  ', '\n', '😀', '\u0301', 'é', '中', '-', '/', "'s", '\\', '*', '\t', '#')
const textArb = fc.array(pieces, {minLength: 1, maxLength: 12}).map((parts) => parts.join(''))

describe('the last pre-tokenizer piece, read from the end', () => {
  // The encodings' own split expressions: the last match is the last piece.
  const o200k = O200K_TOKEN_SPLIT_REGEX
  const cl100k = CL100K_TOKEN_SPLIT_REGEX
  test.prop([textArb], {numRuns: 2000})('is the last match of each encoding, or unknown', (text) => {
    const tail = lastPiece(text)
    if (tail === undefined) return
    for (const pattern of [o200k, cl100k]) {
      const last = [...text.matchAll(pattern)].at(-1)![0]
      // '' means: the last piece ends with a letter or digit, so no separator joins it.
      if (tail === '') expect(last).toMatch(/[\p{L}\p{N}]$/u)
      else expect(last).toBe(tail)
    }
  })
})

describe('the longest token', () => {
  // The chunker never tokenizes a text longer than limit × ENCODING_TOKEN_UNITS: it counts more than
  // the limit for sure, provided no token stands for more units than that.
  test.each(['o200k_base', 'cl100k_base'])('of %s stands for at most ENCODING_TOKEN_UNITS UTF-16 units', async (name) => {
    const encoding = (await import(`gpt-tokenizer/encoding/${name}`)) as {decode(tokens: number[]): string}
    let longest = 0
    // Half the ids of cl100k_base are no token: their errors thrown without a stack cost a third.
    const stackTraceLimit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    try {
      for (let token = 0; token < 200_000; token++) {
        let bytes: number
        try {
          bytes = Buffer.byteLength(encoding.decode([token]))
        } catch {
          continue // no such token
        }
        longest = Math.max(longest, bytes)
      }
    } finally {
      Error.stackTraceLimit = stackTraceLimit
    }
    expect(longest).toBeGreaterThan(64)
    expect(longest).toBeLessThanOrEqual(ENCODING_TOKEN_UNITS)
  })
})

describe('the heap merge', () => {
  const utf8 = new TextEncoder()
  const chars = fc.constantFrom('a', 'b', 'ab', 'the', 'ing', ' ', '  ', '*', '\\', '=', '-', '0', '\n', '\u0301', 'é', '中', '😀')
  // Long pieces with few distinct characters: where equal ranks (ties) abound.
  const pieceArb = fc.array(chars, {minLength: 1, maxLength: 120}).map((parts) => parts.join(''))
  test.prop([pieceArb], {numRuns: 1500})('gives the tokens of gpt-tokenizer’s own merge, for both encodings', async (text) => {
    for (const name of ['o200k_base', 'cl100k_base']) {
      const encoding = (await import(`gpt-tokenizer/encoding/${name}`)) as {default: {bytePairEncodingCoreProcessor: MergeCore}}
      const core = encoding.default.bytePairEncodingCoreProcessor
      const own = (Object.getPrototypeOf(core) as MergeCore).bytePairMerge
      const bytes = utf8.encode(text)
      expect(heapMerge(bytes, (b) => core.getBpeRankFromBytes(b))).toEqual(own.call(core, bytes))
    }
  })

  test.each(['o200k_base', 'cl100k_base'] as const)('is what %s counts with once loaded for chunking', async (name) => {
    const tokenizer = await loadTokenizer(name)
    const encoding = (await import(`gpt-tokenizer/encoding/${name}`)) as {default: {bytePairEncodingCoreProcessor: MergeCore}}
    const core = encoding.default.bytePairEncodingCoreProcessor
    const own = (Object.getPrototypeOf(core) as MergeCore).bytePairMerge
    const text = '\\*'.repeat(1000) + '=-'.repeat(500)
    expect(core.bytePairMerge).not.toBe(own)
    expect(tokenizer.count(text)).toBe(own.call(core, utf8.encode('\\*'.repeat(1000) + '=-'.repeat(500))).length)
  })
})
