import type {ChartBlock} from '../../model/index.js'
import {formatNumber, paragraph, phrasingText, text} from '../text.js'
import type {Handler, HandlerContext} from '../types.js'
import {imageNodes} from '../images.js'
import {tableNode} from './table.js'

export const chartCell = (value: string | number | null | undefined) => (typeof value === 'number' ? formatNumber(value) : (value ?? ''))

/**
 * The grid (one row per category, one column per series) is written when it has at most this
 * many cells per value, category and series the chart gives: beyond, it would be mostly the
 * empties of missing values (3,000 series without values over 3,000 categories: 9 million cells
 * from 6,000 names), and the chart is written the other way round, one row per series holding
 * just its values, under a header of the categories.
 */
export const CHART_GRID_DENSITY = 2

/**
 * The title in bold, then a GFM table of the data: `data_table` when present (its first row is
 * the header); else one row per category and one column per series (`null` is an empty cell)
 * when that grid is dense, or one row per series under a header of the categories when most of
 * the grid would be missing values (rows are not padded): either way linear in the chart.
 */
export const chart: Handler<ChartBlock> = (block, context) => {
  const title = block.title === undefined ? '' : phrasingText(block.title)
  const heading = title === '' ? [] : paragraph([{type: 'strong', children: [text(title)]}])
  const grid = chartGrid(block, context.warn)
  const table = grid === undefined ? [] : tableNode(...grid)
  return [...heading, ...table, ...imageNodes(block, {base64: block.image_b64, alt: title || 'Chart'}, context)]
}

type Row = ReadonlyArray<string | number | null | undefined>

/**
 * The chart's table as header and rows of cell texts (the direct writer's too), or undefined when it
 * has none. Values past the categories have no place in it: `warn` says so (`chart_values_dropped`).
 */
export function chartGrid(block: ChartBlock, warn: HandlerContext['warn']): [string[], string[][]] | undefined {
  if (block.data_table === undefined) {
    const over = block.series.filter((each) => each.values.length > block.categories.length)
    if (over.length > 0)
      warn(
        'chart_values_dropped',
        `${over.length === 1 ? 'a series has' : `${over.length} series have`} more values than the chart's ${block.categories.length} categories (${JSON.stringify(over[0]!.name.slice(0, 40))}: ${over[0]!.values.length}); the values without a category are left out`
      )
  }
  const [header = [], ...rows] = block.data_table ?? seriesTable(block)
  if (rows.length === 0 && block.series.length === 0 && block.data_table === undefined) return undefined
  return [header.map(chartCell), rows.map((row) => row.map(chartCell))]
}

/** The rows of a chart without a data table (the header first): categories by series, or series by categories. */
function seriesTable({categories, series}: ChartBlock): Row[] {
  let given = 0
  for (const each of series) given += Math.min(each.values.length, categories.length)
  if (categories.length * series.length <= CHART_GRID_DENSITY * (given + categories.length + series.length))
    return [
      ['', ...series.map((each) => each.name)],
      ...categories.map((category, i) => [category, ...series.map((each) => each.values[i])])
    ]
  return [['', ...categories], ...series.map((each) => [each.name, ...each.values.slice(0, categories.length)])]
}
