import {OptionsError} from '../errors.js'
import {BLOCK_TYPES, TEXT_BLOCK_TYPES} from '../model/constants.js'
import type {Block, BlockType, Document, Page, TextSource} from '../model/index.js'

/** Which blocks to keep: all given fields must match (AND); a list matches any of its values (OR). */
export interface FilterCriteria {
  /** Keep blocks whose `text_source` is one of these. */
  textSource?: TextSource | readonly TextSource[]
  /** Keep blocks whose `confidence` is at least this (inclusive), in [0, 1]. */
  minConfidence?: number
  /** Keep blocks of these types. */
  types?: readonly BlockType[]
  /** Drop blocks of these types. */
  excludeTypes?: readonly BlockType[]
  /** Keep blocks whose `role` is one of these (`null` matches a missing or null role). */
  roles?: ReadonlyArray<string | null>
  /** Keep blocks on these pages: a list of page numbers, or an inclusive range. */
  pages?: readonly number[] | {from?: number; to?: number}
  /** Keep blocks whose `verified` flag is this. */
  verified?: boolean
  /** Keep blocks for which this returns true. */
  where?: (block: Block, page: Page) => boolean
}

/**
 * Named policies. `trusted`: verified text and structural (derived) blocks with confidence ≥ 0.9
 * — nothing a model wrote. `textOnly`: the nine text-bearing types (no tables, images, diagrams,
 * charts, formulas). `verifiedOnly`: verified blocks only.
 */
// Frozen all the way down: a caller changing a preset would change every later filter.
export const presets = Object.freeze({
  trusted: Object.freeze({textSource: Object.freeze(['verified', 'derived'] as const), minConfidence: 0.9}),
  textOnly: Object.freeze({types: Object.freeze([...TEXT_BLOCK_TYPES])}),
  verifiedOnly: Object.freeze({textSource: Object.freeze(['verified'] as const)})
} as const satisfies Record<string, FilterCriteria>)
export type PresetName = keyof typeof presets

const textSources: ReadonlySet<string> = new Set(['verified', 'inferred', 'derived'])
const blockTypes: ReadonlySet<string> = new Set(BLOCK_TYPES)

/**
 * A new document holding the blocks that match. `source`, `extraction`, the page list and page
 * numbers are kept (pages may end up empty); blocks are shared, never altered. Throws
 * `OptionsError` on criteria that make no sense.
 *
 * @example
 * const trusted = filterBlocks(doc, 'trusted')
 * const tables = filterBlocks(doc, {types: ['table'], minConfidence: 0.8})
 */
export function filterBlocks<D extends Pick<Document, 'pages'>>(doc: D, criteria: FilterCriteria | PresetName): D {
  const match = createBlockMatcher(criteria)
  return {...doc, pages: doc.pages.map((page) => ({...page, blocks: page.blocks.filter((block) => match(block, page))}))}
}

/** The document without the pages `pages` leaves out (they are not there, not even as empty pages); as it is without `pages`. */
export function onlyPages<D extends Pick<Document, 'pages'>>(doc: D, pages: FilterCriteria['pages']): D {
  if (pages === undefined) return doc
  const list = Array.isArray(pages) ? new Set(pages as readonly number[]) : undefined
  const {from = 1, to = Infinity} = list ? {} : (pages as {from?: number; to?: number})
  return {...doc, pages: doc.pages.filter((page) => (list ? list.has(page.page) : page.page >= from && page.page <= to))}
}

/** The predicate behind `filterBlocks`, validated once. */
export function createBlockMatcher(criteria: FilterCriteria | PresetName): (block: Block, page: Page) => boolean {
  const c = resolveCriteria(criteria)
  const sources = c.textSource === undefined ? undefined : new Set(typeof c.textSource === 'string' ? [c.textSource] : c.textSource)
  const types = c.types && new Set<string>(c.types)
  const excluded = c.excludeTypes && new Set<string>(c.excludeTypes)
  const roles = c.roles && new Set(c.roles)
  const pageList = Array.isArray(c.pages) ? new Set(c.pages) : undefined
  const range = c.pages && !Array.isArray(c.pages) ? (c.pages as {from?: number; to?: number}) : undefined
  const {minConfidence, verified, where} = c
  return (block, page) =>
    (sources === undefined || sources.has(block.text_source)) &&
    (minConfidence === undefined || block.confidence >= minConfidence) &&
    (types === undefined || types.has(block.type)) &&
    (excluded === undefined || !excluded.has(block.type)) &&
    (roles === undefined || roles.has(block.role ?? null)) &&
    (pageList === undefined || pageList.has(page.page)) &&
    (range === undefined || ((range.from === undefined || page.page >= range.from) && (range.to === undefined || page.page <= range.to))) &&
    (verified === undefined || block.verified === verified) &&
    (where === undefined || where(block, page))
}

/** The criteria of a named preset; throws `OptionsError` for an unknown name. */
export function presetCriteria(name: PresetName): FilterCriteria {
  if (!Object.hasOwn(presets, name))
    throw new OptionsError(`preset: expected one of ${Object.keys(presets).join(', ')}, got ${JSON.stringify(name)}`)
  return presets[name]
}

function resolveCriteria(criteria: FilterCriteria | PresetName): FilterCriteria {
  if (typeof criteria === 'string') return presetCriteria(criteria)
  if (criteria === null || typeof criteria !== 'object')
    throw new OptionsError(`criteria: expected an object or a preset name, got ${String(criteria)}`)
  const fail = (field: string, message: string) => {
    throw new OptionsError(`${field}: ${message}`)
  }
  const {textSource, minConfidence, types, excludeTypes, roles, pages, verified, where} = criteria
  for (const source of textSource === undefined ? [] : typeof textSource === 'string' ? [textSource] : textSource)
    if (!textSources.has(source)) fail('textSource', `expected "verified", "inferred" or "derived", got ${JSON.stringify(source)}`)
  if (minConfidence !== undefined && !(typeof minConfidence === 'number' && minConfidence >= 0 && minConfidence <= 1))
    fail('minConfidence', `expected a number in [0, 1], got ${String(minConfidence)}`)
  for (const [field, list] of [['types', types] as const, ['excludeTypes', excludeTypes] as const])
    for (const type of list ?? []) if (!blockTypes.has(type)) fail(field, `expected known block types, got ${JSON.stringify(type)}`)
  if (roles !== undefined && !Array.isArray(roles)) fail('roles', 'expected an array of strings or null')
  if (Array.isArray(pages)) {
    for (const page of pages) if (!Number.isInteger(page) || page < 1) fail('pages', `expected page numbers ≥ 1, got ${String(page)}`)
  } else if (pages !== undefined) {
    const {from, to} = pages as {from?: number; to?: number}
    for (const [name, value] of [['from', from] as const, ['to', to] as const])
      if (value !== undefined && !(Number.isInteger(value) && value >= 1))
        fail(`pages.${name}`, `expected a page number ≥ 1, got ${String(value)}`)
    if (from !== undefined && to !== undefined && from > to) fail('pages', `expected from ≤ to, got from ${from} > to ${to}`)
  }
  if (verified !== undefined && typeof verified !== 'boolean') fail('verified', `expected a boolean, got ${String(verified)}`)
  if (where !== undefined && typeof where !== 'function') fail('where', 'expected a function')
  return criteria
}
