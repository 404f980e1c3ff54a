// jsonTextPieces streams filter's output a page at a time: joined, the pieces must be jsonText's
// bytes exactly, indented or compact, for documents, jobs and whatever else comes.
import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {jsonText, jsonTextPieces} from '../../src/cli/io.js'
import {CORPUS, EXAMPLE, corpusPath, readJsonFile} from '../helpers/paths.js'
import {readFileSync} from 'node:fs'

const joined = (value: object, compact: boolean) => [...jsonTextPieces(value, compact)].join('')

describe('jsonTextPieces', () => {
  it('gives jsonText’s bytes for the example and the corpus, a page per piece', () => {
    const documents = [readJsonFile(EXAMPLE), ...CORPUS.map((name) => JSON.parse(readFileSync(corpusPath(name), 'utf8')))] as Array<{
      pages: unknown[]
    }>
    for (const doc of documents)
      for (const compact of [false, true]) {
        expect(joined(doc, compact)).toBe(jsonText(doc, compact))
        expect([...jsonTextPieces(doc, compact)].length).toBe(doc.pages.length === 0 ? 3 : doc.pages.length + 3)
        const job = {id: 'j', status: 'completed', document: doc, markdown: 'x'}
        expect(joined(job, compact)).toBe(jsonText(job, compact))
      }
  })

  it('empty pages, pages first or last, a job without a document', () => {
    for (const value of [
      {pages: []},
      {pages: [1, null, 'a\nb']},
      {a: 1, pages: [{}], z: [[]]},
      {document: null},
      {document: {pages: []}},
      {x: 1}
    ])
      for (const compact of [false, true]) expect(joined(value, compact)).toBe(jsonText(value, compact))
  })

  test.prop(
    [
      fc.dictionary(fc.string(), fc.jsonValue({maxDepth: 3})),
      fc.array(fc.jsonValue({maxDepth: 4}), {maxLength: 6}),
      fc.boolean(),
      fc.boolean()
    ],
    {numRuns: 300}
  )('any JSON around any pages, at the top or in a document: the same bytes', (rest, pages, inJob, compact) => {
    const doc = {...rest, pages}
    const value = inJob ? {...rest, document: doc} : doc
    expect(joined(value, compact)).toBe(jsonText(value, compact))
  })
})
