import {BLOCK_TYPES} from '../model/constants.js'
import type {Document} from '../model/index.js'
import {IMAGE_POLICIES, PAGE_BREAKS, type RenderOptions} from '../render/types.js'
import {type FilterCriteria, type PresetName, createBlockMatcher, filterBlocks, presets} from '../select/filter.js'
import {type Values, listOf, oneOf, text, unitNumber} from './args.js'
import {orderingHelp, orderingOf, orderingOptions} from './ordering.js'

const TEXT_SOURCES = ['verified', 'inferred', 'derived'] as const
const PRESETS = Object.keys(presets) as PresetName[]

/** The selection flags render, job and batch share with filter. */
export const selectionOptions = {
  preset: {type: 'string'},
  'min-confidence': {type: 'string'},
  'text-source': {type: 'string'}
} as const

export const selectionHelp = `      --preset <name>          trusted | textOnly | verifiedOnly (other criteria narrow it)
      --min-confidence <n>     keep blocks with confidence ≥ n (0–1)
      --text-source <list>     keep these sources: verified,inferred,derived`

/**
 * The blocks to keep: every criterion given AND the preset's own (a preset is a floor that the
 * other flags narrow, never widen). `undefined` when no flag asks for a selection.
 */
export function selectionOf(values: Values, extra: FilterCriteria = {}): FilterCriteria | undefined {
  const preset = oneOf('--preset', text(values, 'preset'), PRESETS)
  const criteria: FilterCriteria = {
    ...extra,
    ...defined({
      minConfidence: unitNumber('min-confidence', text(values, 'min-confidence')),
      textSource: listOf('text-source', text(values, 'text-source'), TEXT_SOURCES)
    })
  }
  if (preset !== undefined) {
    const inPreset = createBlockMatcher(preset)
    criteria.where = extra.where ? (block, page) => inPreset(block, page) && extra.where!(block, page) : inPreset
  }
  return Object.keys(criteria).length === 0 ? undefined : criteria
}

/** `--types` / `--exclude-types`: known block types, named in the message when one is not. */
export const blockTypes = (flag: string, values: Values) => listOf(flag, text(values, flag), BLOCK_TYPES)

/** The document with only the selected blocks, and how many there were before and after. */
export function select(document: Document, criteria: FilterCriteria | undefined) {
  const selected = criteria ? filterBlocks(document, criteria) : document
  return {document: selected, before: countBlocks(document), after: countBlocks(selected)}
}

export const countBlocks = (document: Document) => document.pages.reduce((n, page) => n + page.blocks.length, 0)

/** The warning for a selection that kept nothing of something: silence would look like a bug. */
export const nothingKept = (before: number) =>
  `warning: no block matches every criterion given (the input has ${before} block${before === 1 ? '' : 's'}); check --preset and the other criteria`

/** What `--pages` holds (see `pagesFlag`). */
type PagesSelection = readonly number[] | {from?: number; to?: number}

/**
 * The warning for `--pages` asking for pages the document does not have (render, filter and
 * preview say it the same way: silence would look like a bug); `undefined` when every page asked
 * for by number exists and a range meets at least one page.
 */
export function missingPages(document: Pick<Document, 'pages'>, pages: PagesSelection | undefined): string | undefined {
  if (pages === undefined) return undefined
  const numbers = new Set(document.pages.map((page) => page.page))
  let missing: string
  if (Array.isArray(pages)) {
    const absent = (pages as readonly number[]).filter((page) => !numbers.has(page))
    if (absent.length === 0) return undefined
    missing = `${absent.length === 1 ? 'page' : 'pages'} ${absent.join(', ')}`
  } else {
    const {from = 1, to = Infinity} = pages as {from?: number; to?: number}
    for (const page of numbers) if (page >= from && page <= to) return undefined
    missing = to === Infinity ? `page from ${from} on` : from === 1 ? `page up to ${to}` : `page in ${from}–${to}`
  }
  const sorted = [...numbers].sort((a, b) => a - b)
  const has =
    sorted.length === 0
      ? 'it has no page'
      : `it has ${sorted.length} page${sorted.length === 1 ? '' : 's'}${sorted.length === 1 ? `: ${sorted[0]}` : `: ${sorted[0]}–${sorted.at(-1)}`}`
  return `warning: --pages: no ${missing} in the document (${has})`
}

/** The document with only the pages `--pages` asks for (the others are not empty pages: they are not there). */
export {onlyPages} from '../select/filter.js'

/** The render flags (besides the selection) of render, job and batch. */
export const renderOptions = {
  furniture: {type: 'boolean'},
  'page-breaks': {type: 'string'},
  images: {type: 'string'},
  'embedded-text': {type: 'boolean'},
  'no-embedded-text': {type: 'boolean'},
  'no-heading-numbering': {type: 'boolean'},
  ...orderingOptions
} as const

export const renderHelp = `      --furniture              include page headers and footers
      --page-breaks <kind>     none | rule | comment            (default: none)
      --images <policy>        placeholder | embed | omit        (default: placeholder)
      --embedded-text          also write the text found inside images (OCR; left out by default)
      --no-heading-numbering   heading depth from the role only, not from section numbers (2.1 → ###)
${orderingHelp}`

/** Render options from the flags; the selection is applied before rendering, by `select`. */
export function renderOptionsOf(values: Values): RenderOptions {
  return {
    furniture: values.furniture === true,
    pageBreaks: oneOf('--page-breaks', text(values, 'page-breaks'), PAGE_BREAKS),
    images: oneOf('--images', text(values, 'images'), IMAGE_POLICIES),
    // --no-embedded-text is the default now; still accepted (scripts use it).
    embeddedText: values['embedded-text'] === true && values['no-embedded-text'] !== true,
    headingNumbering: values['no-heading-numbering'] !== true,
    ...orderingOf(values)
  }
}

export function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>
}
