import {fc, test} from '@fast-check/vitest'
import {describe, expect} from 'vitest'
import {locateJsonError} from '../src/parse/json-text.js'

/** Valid JSON text, then one edit: a deletion, an insertion or a replacement of one character. */
const editedJson = fc
  .tuple(
    fc.json({maxDepth: 3}),
    fc.nat(),
    fc.constantFrom('delete', 'insert', 'replace', 'none'),
    fc.constantFrom(...'{}[]:,"\\ 0-eE.tfn\u0001x'.split(''))
  )
  .map(([json, at, edit, c]) => {
    const i = json.length === 0 ? 0 : at % json.length
    if (edit === 'delete') return json.slice(0, i) + json.slice(i + 1)
    if (edit === 'insert') return json.slice(0, i) + c + json.slice(i)
    if (edit === 'replace') return json.slice(0, i) + c + json.slice(i + 1)
    return json
  })

const parses = (text: string) => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

describe('locateJsonError', () => {
  test.prop([editedJson], {numRuns: 2000})('finds an error exactly when JSON.parse fails, at an offset within the text', (text) => {
    const {offset, reason} = locateJsonError(text)
    expect(reason === 'invalid JSON').toBe(parses(text))
    expect(offset).toBeGreaterThanOrEqual(0)
    expect(offset).toBeLessThanOrEqual(text.length)
  })
})
