import type {BlockType, TextSource} from '../model/index.js'
import type {ColorBy} from './options.js'

/**
 * One colour per known block type. Typed from the schema, so a new block type that has no colour
 * fails to compile.
 */
export const typeColors = {
  heading: '#1f5fbf',
  paragraph: '#4a6880',
  list: '#0f8a8a',
  caption: '#7a4fbf',
  footnote: '#8c7a5a',
  page_header: '#8a8f98',
  page_footer: '#a0a4ab',
  callout: '#c2185b',
  code: '#2e7d32',
  table: '#e07b00',
  image: '#b8860b',
  diagram: '#6d4c41',
  chart: '#d84315',
  formula: '#5c6bc0'
} as const satisfies {[K in BlockType]: string}

/** Blocks of a type this version does not know. */
export const unknownTypeColor = '#6b6b6b'

export const textSourceColors = {verified: '#2e7d32', inferred: '#e65100', derived: '#1565c0'} as const satisfies {
  [K in TextSource]: string
}

/** Confidence bands, lowest first: `[lower bound, colour, label]`. */
export const confidenceBands: ReadonlyArray<readonly [number, string, string]> = [
  [0, '#c62828', 'below 0.5'],
  [0.5, '#ef6c00', '0.5 – 0.8'],
  [0.8, '#f9a825', '0.8 – 0.95'],
  [0.95, '#2e7d32', '0.95 – 1']
]

export interface Colored {
  type: string
  text_source: string
  confidence: number
}

/** The colour of a block under a colouring. */
export function colorOf(block: Colored, colorBy: ColorBy): string {
  if (colorBy === 'type') return Object.hasOwn(typeColors, block.type) ? typeColors[block.type as BlockType] : unknownTypeColor
  if (colorBy === 'text-source')
    return Object.hasOwn(textSourceColors, block.text_source) ? textSourceColors[block.text_source as TextSource] : unknownTypeColor
  let color = confidenceBands[0]![1]
  for (const [lower, band] of confidenceBands) if (block.confidence >= lower) color = band
  return color
}

/** What each colour means under a colouring, for the blocks present (types in the contract's order, unknown ones last). */
export function legendEntries(blocks: Iterable<Colored>, colorBy: ColorBy): Array<{label: string; color: string}> {
  if (colorBy === 'confidence') return confidenceBands.map(([, color, label]) => ({label, color}))
  const present = new Set<string>()
  for (const block of blocks) present.add(colorBy === 'type' ? block.type : block.text_source)
  const known: readonly string[] = Object.keys(colorBy === 'type' ? typeColors : textSourceColors)
  const ordered = [...known.filter((k) => present.has(k)), ...[...present].filter((k) => !known.includes(k)).sort()]
  return ordered.map((label) =>
    colorBy === 'type'
      ? {label, color: colorOf({type: label, text_source: '', confidence: 0}, 'type')}
      : {label, color: colorOf({type: '', text_source: label, confidence: 0}, 'text-source')}
  )
}
