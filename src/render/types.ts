import type {RootContent} from 'mdast'
// Adds the `math` node to mdast's content types.
import type {} from 'mdast-util-math'
import type {Block, BlockOfType, BlockType, DiagramBlock, ImageBlock, ChartBlock, UnknownBlock} from '../model/index.js'
import type {Direction} from '../layout/direction.js'
import type {FilterCriteria, PresetName} from '../select/filter.js'
import type {ReadingOrderBy} from '../select/order.js'

/** Something the renderer left out or changed, said out loud. */
export interface RenderWarning {
  /** snake_case kind, e.g. `invalid_latex`, `unknown_block_omitted`. */
  code: string
  /** The block concerned. */
  blockId: string
  message: string
}

/** What a handler gets besides its block. */
export interface HandlerContext {
  /** The options of this call, defaults filled in. */
  options: ResolvedRenderOptions
  /** Records a warning for the current block. */
  warn(code: string, message: string): void
  /**
   * For an image: the text of the caption block of the same figure next to it (one that the
   * image's caption, alt or embedded text repeats). The default image handler then leaves the
   * repeated words to that block, so the caption is written once.
   */
  figureCaption?: string | undefined
  /** For a heading: its depth from its section number (`2.1` → 3) when the document numbers its headings consistently and `headingNumbering` is on. */
  numberedDepth?: number | undefined
}

/** What the document tells a handler about its block beyond the block itself (its figure's caption, its numbered depth). */
export type BlockContext = Pick<HandlerContext, 'figureCaption' | 'numberedDepth'>

/** Turns one block into mdast nodes (none to leave it out). Pure. */
export type Handler<B extends Block = Block> = (block: B, context: HandlerContext) => RootContent[]

/** One handler per known block type, plus `unknown` for types this version does not know. */
export type Handlers = {[K in BlockType]: Handler<BlockOfType<K>>} & {unknown: Handler<UnknownBlock>}

/** A block that carries (or points to) an image. */
export type ImageBearingBlock = ImageBlock | DiagramBlock | ChartBlock

/** What to do with base64 images (see `RenderOptions.images`). */
export type ImagePolicy = 'placeholder' | 'embed' | 'omit'
/** Every image policy (the CLI's `--images` accepts these). */
export const IMAGE_POLICIES = ['placeholder', 'embed', 'omit'] as const satisfies readonly ImagePolicy[]
// …and lists them all: this fails to compile when the type gains a policy the list lacks.
null satisfies [Exclude<ImagePolicy, (typeof IMAGE_POLICIES)[number]>] extends [never] ? null : never
/** What goes between pages (see `RenderOptions.pageBreaks`). */
export const PAGE_BREAKS = ['none', 'rule', 'comment'] as const
export type PageBreaks = (typeof PAGE_BREAKS)[number]

export interface RenderOptions {
  /** Render page headers and footers (default: `false`). */
  furniture?: boolean
  /** Between pages: nothing, a thematic break, or an HTML comment `<!-- page N -->` before each page (default: `none`). */
  pageBreaks?: PageBreaks
  /** Base64 images: a text placeholder keeping alt and caption, a `data:` URI, or nothing (default: `placeholder`). */
  images?: ImagePolicy
  /** Maps an image-bearing block to a URL (web or relative), e.g. after writing its bytes to a file; `undefined` falls back to `images` (default: none). */
  resolveImage?: (block: ImageBearingBlock) => string | undefined
  /**
   * Show an image's `embedded_text` (text recognised inside the picture) below it, as `Text in
   * image: …` (default: `false`: such text is mostly noise, axis ticks and labels; it is left
   * out of the markdown and the source map, and stays in the document). Words that repeat the
   * figure's caption block are left to it.
   */
  embeddedText?: boolean
  /** Heading depth per `role`; other roles get 2 (default: `{title: 1, subtitle: 2, section: 2, subsection: 3}`). */
  headingLevels?: Readonly<Record<string, 1 | 2 | 3 | 4 | 5 | 6>>
  /**
   * Take a heading's depth from its section number: `1 Introduction` → `##`, `2.1 Pricing` → `###`,
   * `2.1.3 Discounts` → `####` (also `A.1`, `IV.`, `3.`), when the document's numbered headings
   * run forward as an outline; otherwise, and for headings without a number, `headingLevels`
   * decides. A heading whose role is depth 1 (a title) keeps it (default: `true`).
   */
  headingNumbering?: boolean
  /** Keep only blocks with at least this confidence (default: keep all). */
  minConfidence?: number
  /** Keep only blocks with these text sources (default: keep all). */
  textSource?: FilterCriteria['textSource']
  /** Apply a named filter preset first (default: none). */
  preset?: PresetName
  /**
   * Keep only the blocks these criteria (or this preset) match, after `preset` and the
   * shorthands; pages outside `filter.pages` are left out, page breaks and all (default: keep
   * all). Unlike filtering the input first, heading depths are still read from the whole
   * document, so a page keeps the depths it has in the whole.
   */
  filter?: FilterCriteria | PresetName
  /** Replace the handlers of some block types; the rest stay the defaults (default: none). */
  handlers?: Partial<Handlers>
  /** `render` also returns a source map: which part of the markdown each block produced (default: `false`). */
  sourceMap?: boolean
  /** The order blocks are read in: `reading_order_index`, or the layout of the bboxes (`inferReadingOrder`) when the indexes are wrong (default: `'index'`). */
  order?: ReadingOrderBy
  /** With `order: 'geometry'`: the direction columns are read in, `'auto'` detecting each page's (default: `'auto'`). */
  direction?: 'auto' | Direction
}

export interface ResolvedRenderOptions {
  furniture: boolean
  pageBreaks: PageBreaks
  images: ImagePolicy
  resolveImage: ((block: ImageBearingBlock) => string | undefined) | undefined
  embeddedText: boolean
  headingNumbering: boolean
  headingLevels: Readonly<Record<string, 1 | 2 | 3 | 4 | 5 | 6>>
}

declare module 'mdast' {
  interface Data {
    /** The id of the document block a top-level node was rendered from (the hook for source maps). */
    blockId?: string
    /** On a table row: the row of the document's table it holds (0: `headers`), for the source map's cells. */
    sourceRow?: number
    /** On a table cell: a filler the header row was widened with (no source cell; left out of the source map). */
    filler?: boolean
  }
}
