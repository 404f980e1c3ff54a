import {z} from 'zod'
import {named} from './shared.js'

const offset = z.int().nonnegative()

/** A table cell's text in the markdown. */
export const SourceMapCell = named(
  z
    .object({
      row: offset.describe(
        'Row of the table: for a table block, 0 is `headers` and i + 1 is `rows[i]` (a table without headers has no row 0); for a chart, the row of the rendered table, the header row being 0.'
      ),
      col: offset.describe('Column, from 0.'),
      start: offset.describe('Offset of the first character of the cell text (after `| `).'),
      end: offset.describe('Offset just past the cell text (equal to `start` for an empty cell).')
    })
    .describe('A table cell’s text in the markdown.'),
  'SourceMapCell'
)
export type SourceMapCell = z.infer<typeof SourceMapCell>

/** The part of the markdown one block produced. */
export const SourceMapEntry = named(
  z
    .object({
      blockId: z.string().describe('The `id` of the block.'),
      type: z.string().describe('The block type (an unknown type as it is in the document).'),
      page: z.int().describe('The 1-based page the block is on.'),
      bbox: z
        .tuple([z.number(), z.number(), z.number(), z.number()])
        .describe('The block’s bbox as the document gives it: [x0, y0, x1, y1].'),
      start: offset.describe('Offset of the first character the block produced.'),
      end: offset.describe('Offset just past the last character the block produced: `markdown.slice(start, end)`.'),
      cells: z.array(SourceMapCell).optional().describe('For blocks that render a table (table, chart): every cell, row by row.')
    })
    .describe('The part of the markdown one block produced, with its page and bbox.'),
  'SourceMapEntry'
)
export type SourceMapEntry = z.infer<typeof SourceMapEntry>

/** Every block's part of a rendered markdown, sorted by `start`, never overlapping. */
export const SourceMap = named(
  z
    .object({
      version: z.literal(1).describe('Format version: 1.'),
      unit: z
        .enum(['utf16', 'utf8', 'codepoint'])
        .describe('What offsets count: UTF-16 code units (JavaScript string indices, as rendered), UTF-8 bytes or Unicode code points.'),
      entries: z.array(SourceMapEntry).describe('One entry per block that produced output, in the order of the markdown.')
    })
    .describe('Which part of a rendered markdown each block produced: entries sorted by start, never overlapping.'),
  'SourceMap'
)
export type SourceMap = z.infer<typeof SourceMap>
