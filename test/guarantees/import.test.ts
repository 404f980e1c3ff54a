// README, "Importing other extractors' output", on every real fixture of the three formats:
// "The functions are pure: no I/O, the input is not changed" (a frozen input imports as a fresh copy
// does, and twice the same); each warning's "pointer is the JSON Pointer of the place in the source"
// (the strict-mode warnings of the result that follow, "with paths in the document"); and
// "reading_order_index numbers the blocks of each page in the source's own order".
import {readFileSync, readdirSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {fromAzureLayout, fromDocling, fromTextract} from '../../src/import/index.js'
import {checkDocument} from '../../src/index.js'
import {deepFreeze} from '../helpers/arbitraries.js'
import {repoPath} from '../helpers/paths.js'

const IMPORTERS = {docling: fromDocling, textract: fromTextract, azure: fromAzureLayout} as const
const cases = Object.entries(IMPORTERS).flatMap(([source, importer]) =>
  readdirSync(repoPath(`test/fixtures/import/${source}`))
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({label: `${source}/${name}`, importer: importer as (json: unknown) => ReturnType<typeof fromDocling>, file: repoPath(`test/fixtures/import/${source}/${name}`)}))
)

/** RFC 6901: does the pointer lead somewhere in the value (`~1` → `/`, then `~0` → `~`)? */
function leads(value: unknown, pointer: string): boolean {
  if (pointer === '') return true
  let at: unknown = value
  for (const token of pointer.slice(1).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~')
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return false
    at = (at as Record<string, unknown>)[key]
  }
  return true
}
const parent = (pointer: string) => pointer.slice(0, Math.max(0, pointer.lastIndexOf('/')))

describe('importers on every fixture', () => {
  it.each(cases)('$label: pure, pointers into the source, indexes in page order', ({importer, file}) => {
    const text = readFileSync(file, 'utf8')
    const frozen = deepFreeze(JSON.parse(text))
    const result = importer(frozen)
    expect(JSON.stringify(frozen)).toBe(JSON.stringify(JSON.parse(text)))
    expect(importer(JSON.parse(text))).toEqual(result)
    const {document, warnings} = result
    const ofDocument = new Set(checkDocument(document).map((w) => `${w.code} ${w.pointer}`))
    for (const warning of warnings) {
      if (ofDocument.has(`${warning.code} ${warning.pointer}`)) continue
      // The place itself, or (for something the source lacks) the object that lacks it.
      expect(leads(frozen, warning.pointer) || leads(frozen, parent(warning.pointer)), `${warning.code} ${warning.pointer}`).toBe(true)
    }
    for (const page of document.pages) expect(page.blocks.map((b) => b.reading_order_index)).toEqual(page.blocks.map((_, i) => i))
  })
})
