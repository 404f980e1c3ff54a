// The minimality property's parts: what an escape is, and whether each one is needed.
import {expect} from 'vitest'
import {escapesOf} from '../helpers/escape-units.js'
import {readCommonmarkHtml, readMarkdownIt, readMicromarkTree} from '../helpers/readers.js'

/** What each reader reads (a reader that throws reads something else than one that does not). */
const readings = (markdown: string) =>
  [readMicromarkTree, readCommonmarkHtml, readMarkdownIt].map((read) => {
    try {
      return read(markdown)
    } catch (error) {
      return `throws: ${String(error)}`
    }
  })

/** Removing any one escape (a unit: see `escapesOf`) changes what some reader reads. */
export function expectEveryEscapeNeeded(markdown: string): void {
  const before = readings(markdown)
  for (const unit of escapesOf(markdown)) {
    let without = markdown
    for (const at of unit.toReversed()) without = without.slice(0, at) + without.slice(at + 1)
    expect(readings(without), `${JSON.stringify(markdown)} without the escape at ${unit}`).not.toEqual(before)
  }
}
