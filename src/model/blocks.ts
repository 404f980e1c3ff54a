import {z} from 'zod'
import {isUrl} from './formats.js'
import {BLOCK_TYPES, type TextBlockType} from './constants.js'
import {nameRuleCheck, rules} from './rules.js'
import {type Mode, named, objectOf, ruleCheck} from './shared.js'

/** The three provenance classes of a block's text. */
export const TextSource = named(
  z
    .enum(['verified', 'inferred', 'derived'])
    .describe(
      'Provenance: verified (byte-exact from a provable source), inferred (produced by a model) or derived (structural, no text payload of its own).'
    ),
  'TextSource'
)
export type TextSource = z.infer<typeof TextSource>

export {BLOCK_TYPES, TEXT_BLOCK_TYPES, isKnownBlockType} from './constants.js'
export type {TextBlockType} from './constants.js'
export const BlockType = z.enum(BLOCK_TYPES).describe('One of the block types this version of the contract knows.')
export type BlockType = z.infer<typeof BlockType>

const finite = z.number().describe('A finite number.')

/** `[x0, y0, x1, y1]`: origin top-left, y grows downward. */
export const BBox = named(
  z
    .tuple([finite, finite, finite, finite])
    .describe('[x0, y0, x1, y1]; origin top-left, y grows downward; with normalized units each in [0, 1], x0 ≤ x1, y0 ≤ y1.'),
  'BBox'
)
export type BBox = z.infer<typeof BBox>

/**
 * `new URL` accepts it; the pattern (a scheme) says the same to JSON Schema readers without format
 * support. A format of our own, `uri` (JSON Schema's name; the same schema as `z.url()`), checked
 * by `isUrl`: `z.url()` (and `z.compile` of it) returns the string trimmed and without its tabs
 * and line breaks, so a caller's copy would not hold the caller's bytes, and asks Node 20's
 * `URL.canParse`, whose answer on a Latin-1 host changes once it is optimised.
 */
export const absoluteUrl = () => z.stringFormat('uri', isUrl, {error: 'Invalid URL'}).meta({pattern: '^[A-Za-z][A-Za-z0-9+.-]*:'})
const base64 = () => z.base64()

/** The identity, position and provenance fields every block carries. */
function commonFields<T extends z.ZodType>(type: T) {
  return {
    id: z.string().min(1).describe('Identifier of the block, unique within the document.'),
    type,
    role: z.string().nullable().optional().describe('Free-text role, e.g. title, subtitle, section, subsection, body.'),
    page: z.int().min(1).describe('1-based number of the page the block is on.'),
    bbox: BBox,
    bbox_units: z.string().describe('Units of bbox; "normalized" (fractions of the page) is the only documented value.'),
    reading_order_index: z.int().min(0).describe('Position of the block in the reading order of its page.'),
    text_source: TextSource,
    confidence: z.number().min(0).max(1).describe('Confidence of the extraction, in [0, 1].'),
    verified: z.boolean().describe('True exactly when text_source is "verified".')
  }
}

/** The range half of the rule below, for JSON Schema readers (corner order is beyond them). */
const normalizedBBoxRule = {
  if: {properties: {bbox_units: {const: 'normalized'}}, required: ['bbox_units']},
  then: {properties: {bbox: {items: {minimum: 0, maximum: 1}}}}
}

/** Adds the bbox rule (zod check and JSON Schema spelling) to a block schema. */
function withBBoxRule<T extends z.ZodType<{bbox: BBox; bbox_units: string}>>(schema: T): T {
  return schema.meta(normalizedBBoxRule).check(ruleCheck('normalized_bbox')) as T
}

/** `page_header` → `PageHeaderBlock`: the name of a block type's schema in `$defs`. */
export function blockSchemaName(type: string): string {
  return type.replace(/(?:^|_)([a-z])/g, (_, letter: string) => letter.toUpperCase()) + 'Block'
}

function textBlock<const T extends TextBlockType>(mode: Mode, type: T) {
  return withBBoxRule(
    objectOf(mode, {
      ...commonFields(z.literal(type).describe(`Block type "${type}".`)),
      text: z.string().describe('The text of the block.')
    }).describe(`A ${type.replace('_', ' ')} block.`)
  )
}

/** Builds every block schema for one parse mode. */
export function defineBlocks(mode: Mode) {
  const code = withBBoxRule(
    objectOf(mode, {
      ...commonFields(z.literal('code').describe('Block type "code".')),
      text: z.string().describe('The source code, verbatim.'),
      language: z.string().optional().describe('Programming language of the code, when known.')
    }).describe('A code block.')
  )

  const table = withBBoxRule(
    objectOf(mode, {
      ...commonFields(z.literal('table').describe('Block type "table".')),
      headers: z.array(z.string()).describe('Header cells; empty when the table has no header row.'),
      rows: z.array(z.array(z.string())).describe('Body rows, each an array of cell texts.')
    }).describe('A table.')
  )

  const image = withBBoxRule(
    objectOf(mode, {
      ...commonFields(z.literal('image').describe('Block type "image".')),
      url: absoluteUrl().optional().describe('Absolute URL of the image; exactly one of url and image_b64 is set.'),
      image_b64: base64().optional().describe('The image bytes, base64; exactly one of url and image_b64 is set.'),
      alt: z.string().optional().describe('Alternative text.'),
      caption: z.string().optional().describe('Caption of the image.'),
      image_type: z.string().optional().describe('Kind of image, e.g. photo, logo, figure.'),
      embedded_text: z.string().optional().describe('Text found inside the image.')
    }).describe('An image.')
  )
    // The same rule for JSON Schema readers: exactly one of the two keys is present.
    .meta({oneOf: [{required: ['url']}, {required: ['image_b64']}]})
    .check(ruleCheck('image_source'))

  const diagram = withBBoxRule(
    objectOf(mode, {
      ...commonFields(z.literal('diagram').describe('Block type "diagram".')),
      nodes: z
        .array(
          named(
            z
              .looseObject({
                id: z.string().describe('Identifier of the node, referenced by edges.'),
                label: z.string().optional().describe('Text of the node.')
              })
              .describe('A node of the diagram.'),
            'DiagramNode'
          )
        )
        .describe('The nodes of the diagram.'),
      edges: z
        .array(
          named(
            z
              .looseObject({
                from: z.string().describe('Id of the node the edge starts at.'),
                to: z.string().describe('Id of the node the edge ends at.'),
                label: z.string().optional().describe('Text on the edge.')
              })
              .describe('A directed edge between two nodes.'),
            'DiagramEdge'
          )
        )
        .describe('The edges of the diagram.'),
      image_url: absoluteUrl().optional().describe('Absolute URL of an image of the diagram.'),
      image_b64: base64().optional().describe('An image of the diagram, base64.')
    }).describe('A diagram (nodes and edges).')
  )

  const chart = withBBoxRule(
    objectOf(mode, {
      ...commonFields(z.literal('chart').describe('Block type "chart".')),
      chart_type: z.string().describe('Kind of chart, e.g. bar, line, pie.'),
      title: z.string().optional().describe('Title of the chart.'),
      categories: z.array(z.string()).describe('Category labels (the x axis).'),
      series: z
        .array(
          named(
            objectOf(mode, {
              name: z.string().describe('Name of the series.'),
              values: z.array(z.number().nullable()).describe('One value per category; null where missing.')
            }).describe('A data series.'),
            'ChartSeries'
          )
        )
        .describe('The data series.'),
      data_table: z
        .array(z.array(z.union([z.string(), z.number(), z.null()])))
        .optional()
        .describe('The source data, first row the header; present when the source is native PPTX.'),
      image_b64: base64().optional().describe('An image of the chart, base64.')
    }).describe('A chart.')
  )

  const formula = withBBoxRule(
    objectOf(mode, {
      ...commonFields(z.literal('formula').describe('Block type "formula".')),
      latex: z.string().describe('The formula in LaTeX.'),
      rendered_image_b64: base64().optional().describe('An image of the rendered formula, base64.')
    }).describe('A formula.')
  )

  // Every known block schema is named after its type (`HeadingBlock`, …) for the JSON Schema export.
  const known = nameBlocks({
    heading: textBlock(mode, 'heading'),
    paragraph: textBlock(mode, 'paragraph'),
    list: textBlock(mode, 'list'),
    caption: textBlock(mode, 'caption'),
    footnote: textBlock(mode, 'footnote'),
    page_header: textBlock(mode, 'page_header'),
    page_footer: textBlock(mode, 'page_footer'),
    callout: textBlock(mode, 'callout'),
    code,
    table,
    image,
    diagram,
    chart,
    formula
  })
  const KnownBlock = z.discriminatedUnion('type', Object.values(known) as [typeof code, ...Array<(typeof known)[BlockType]>])

  // Forward compatibility: a block of a type this version does not know keeps its common
  // fields checked and everything else as is. It lives beside the discriminated union
  // (not inside it), and the parser unwraps the union's issues to the branch that applies.
  const UnknownBlock = named(
    withBBoxRule(
      z
        .looseObject(
          commonFields(
            z
              .string()
              .check(
                nameRuleCheck(z.refine(rules.unknown_block_type, {message: 'expected an unknown block type', abort: true}), 'unknown_block_type')
              )
              .describe('A block type this version does not know.')
              .meta({not: {enum: [...BLOCK_TYPES]}})
          )
        )
        .describe('A block of a type this version does not know; kept with its common fields.')
    ),
    'UnknownBlock'
  )

  const Block = mode === 'lenient' ? z.union([KnownBlock, UnknownBlock]) : KnownBlock
  return {known, KnownBlock, UnknownBlock, Block: named(Block.describe('A typed, positioned block of the document.'), 'Block')}
}

/** Names each known block schema after its type: `page_header` → `PageHeaderBlock`. */
function nameBlocks<T extends Record<BlockType, z.ZodType>>(blocks: T): T {
  const entries = Object.entries(blocks).map(([type, schema]) => [type, named(schema, blockSchemaName(type))])
  return Object.fromEntries(entries) as T
}
