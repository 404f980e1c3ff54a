// The minimality property's parts: what an escape is, and whether each one is needed.
import {expect} from 'vitest'
import {readCommonmarkHtml, readMarkdownIt, readMicromarkTree} from '../helpers/readers.js'

/**
 * The backslash escapes in `markdown`, line starts and ordered-list delimiters included, as
 * units: the backslashes of one delimiter run (`\\*\\*`, `\\~\\~`, `\\$\\$`) are one escape, the
 * run's, since a part of a run is a run of another length.
 */
export function escapesOf(markdown: string): number[][] {
  const units: number[][] = []
  let last: {unit: number[]; char: string; end: number} | undefined
  for (let i = 0; i < markdown.length; i++) {
    const next = markdown[i + 1] ?? ''
    if (markdown.charCodeAt(i) !== 92 || !/[!-/:-@[-`{-~]/.test(next)) continue
    // A backslash's escape before another escape (a `\` before `*`) is needed by that one: one unit.
    if (last && last.end === i && (last.char === '\\' || (last.char === next && '*_~$`'.includes(next)))) {
      last.unit.push(i)
      last.char = next
    } else units.push((last = {unit: [i], char: next, end: i}).unit)
    last.end = i + 2
    i++
  }
  return units
}

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
