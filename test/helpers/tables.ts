// Tables whose header row is often blank or missing and whose rows are often empty, and the check
// that no reader finds a header row without text in what is written of them.
import fc from 'fast-check'
import type {Block} from '../../src/index.js'
import {singleLine} from '../../src/render/text.js'
import {blockArb, textArb} from './arbitraries.js'
import {norm, tableHeaders} from './readers.js'

export type TableOf = Block & {headers: string[]; rows: string[][]}

/** Cells that are mostly blank (empty, spaces, a line break, a no-break space), some with text. */
const cellArb = (text: fc.Arbitrary<string>) =>
  fc.oneof(
    {weight: 3, arbitrary: fc.constantFrom('', ' ', ' \n', '\t', '\u00a0')},
    {weight: 2, arbitrary: fc.constantFrom('a', 'b c', 'x|y', '*', '0')},
    {weight: 1, arbitrary: text}
  )

/** Tables with headers often absent or blank and rows often empty or blank; `text` for the cells with text. */
export const blankHeaderTableArb = (text: fc.Arbitrary<string> = textArb, maxRows = 6): fc.Arbitrary<TableOf> =>
  fc
    .tuple(
      blockArb(1, 'table'),
      fc.oneof(
        fc.constant([]),
        fc.array(fc.constantFrom('', ' ', '\n'), {minLength: 1, maxLength: 3}),
        fc.array(cellArb(text), {maxLength: 3})
      ),
      fc.array(fc.oneof(fc.constant([]), fc.array(cellArb(text), {minLength: 1, maxLength: 4})), {maxLength: maxRows})
    )
    .map(([block, headers, rows]) => ({...block, id: 't', headers, rows}) as TableOf)

/** Whether a table block has any text (a cell whose one-line text is not empty). */
export const tableHasText = (table: {headers: readonly string[]; rows: ReadonlyArray<readonly string[]>}) =>
  [table.headers, ...table.rows].some((cells) => cells.some((cell) => singleLine(cell) !== ''))

/** The tables in markdown whose header row has no text, as micromark or markdown-it read it. */
export function emptyHeaderRows(markdown: string): string[] {
  const problems: string[] = []
  for (const [reader, headers] of Object.entries(tableHeaders(markdown)))
    for (const cells of headers) if (cells.every((cell) => norm(cell) === '')) problems.push(`${reader}: ${JSON.stringify(cells)}`)
  return problems
}
