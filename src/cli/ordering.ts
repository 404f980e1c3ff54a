import {READING_ORDERS} from '../select/order.js'
import {type OptionSpecs, type Values, oneOf, text} from './args.js'

/** The reading-order flags of filter, render, job, chunk, preview and batch. */
export const orderingOptions = {
  order: {type: 'string'},
  direction: {type: 'string'}
} as const satisfies OptionSpecs

export const orderingHelp = `      --order <by>             index | geometry: by reading_order_index, or by the layout
                               of the bboxes when the indexes are wrong (default: index)
      --direction <dir>        auto | ltr | rtl: columns read with --order geometry (default: auto)`

/** `--order` and `--direction` as library options (`order`, `direction`); a bad value is a `UsageError` naming its flag. */
export function orderingOf(values: Values): {order?: 'index' | 'geometry'; direction?: 'auto' | 'ltr' | 'rtl'} {
  const order = oneOf('--order', text(values, 'order'), READING_ORDERS)
  const direction = oneOf('--direction', text(values, 'direction'), ['auto', 'ltr', 'rtl'] as const)
  return {...(order === undefined ? {} : {order}), ...(direction === undefined ? {} : {direction})}
}
