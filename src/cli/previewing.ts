import type {PreviewOptions} from '../preview/options.js'
import {type OptionSpecs, type Values, oneOf, text, unitNumber} from './args.js'
import {UsageError} from './errors.js'
import {orderingOf, orderingOptions} from './ordering.js'

/** The drawing flags `preview` and `batch --to preview` share (the page selection, title and page images are preview's own). */
export const previewingOptions = {
  'color-by': {type: 'string'},
  'no-order': {type: 'boolean'},
  'low-confidence': {type: 'string'},
  dpi: {type: 'string'},
  ...orderingOptions
} as const satisfies OptionSpecs

export const previewingHelp = `      --color-by <what>        type | text-source | confidence      (default: type)
      --no-order               leave out the reading-order numbers and path
      --low-confidence <n>     mark blocks with confidence < n (0–1)  (default: 0.9)
      --dpi <n>                pixels per inch of bboxes in px units (default: guessed per page)`

/** The drawing flags as `renderPreviewHtml` options; a bad value is a `UsageError` naming its flag. */
export function previewingOf(values: Values): PreviewOptions {
  const dpiText = text(values, 'dpi')
  const dpi = dpiText === undefined ? undefined : Number(dpiText)
  if (dpi !== undefined && !(Number.isFinite(dpi) && dpi > 0))
    throw new UsageError(`--dpi: expected a number > 0, got ${JSON.stringify(dpiText)}`)
  const ordering = orderingOf(values)
  if (values['no-order'] === true && ordering.order === 'geometry')
    throw new UsageError('--no-order leaves the reading order out: it cannot be combined with --order geometry')
  return {
    colorBy: oneOf('--color-by', text(values, 'color-by'), ['type', 'text-source', 'confidence'] as const) ?? 'type',
    order: values['no-order'] === true ? false : (ordering.order ?? 'index'),
    ...(ordering.direction === undefined ? {} : {direction: ordering.direction}),
    lowConfidence: unitNumber('low-confidence', text(values, 'low-confidence')) ?? 0.9,
    dpi
  }
}
