// The minimality property's parts: what an escape is, and whether each one is needed.
import {expect} from 'vitest'
import {escapesOf} from '../helpers/escape-units.js'
import {readCommonmarkHtml, readMarkdownIt, readMicromarkTree} from '../helpers/readers.js'

/** What a reader reads (a reader that throws reads something else than one that does not). */
const reading = (read: (markdown: string) => string, markdown: string) => {
  try {
    return read(markdown)
  } catch (error) {
    return `throws: ${String(error)}`
  }
}
const readers = [readMicromarkTree, readCommonmarkHtml, readMarkdownIt]
const readings = (markdown: string) => readers.map((read) => reading(read, markdown))
// The readers asked in this order, stopping at the first that reads the change: micromark (with
// its tree as JSON) takes ~15 times what the other two take, and is needed only for the escapes
// they read the same either way.
const cheapestFirst = [readCommonmarkHtml, readMarkdownIt, readMicromarkTree]

/** Removing any one escape (a unit: see `escapesOf`) changes what some reader reads. */
export function expectEveryEscapeNeeded(markdown: string): void {
  const before = new Map<(markdown: string) => string, string>()
  for (const unit of escapesOf(markdown)) {
    let without = markdown
    for (const at of unit.toReversed()) without = without.slice(0, at) + without.slice(at + 1)
    const changed = cheapestFirst.some((read) => {
      if (!before.has(read)) before.set(read, reading(read, markdown))
      return reading(read, without) !== before.get(read)
    })
    if (!changed) expect(readings(without), `${JSON.stringify(markdown)} without the escape at ${unit}`).not.toEqual(readings(markdown))
  }
}
