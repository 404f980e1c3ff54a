import type {z} from 'zod'
import {defineJob} from './job.js'

/** The schemas of the lenient contract (the default): unknown keys and block types are kept. */
export const lenientModel = defineJob('lenient')
/**
 * The schemas of the strict contract: unknown keys and block types are rejected. Built on first
 * use (a property read), so a lenient read never pays for them.
 */
export const strictModel = builtOnFirstUse(() => defineJob('strict'), Object.keys(lenientModel))

/** An object whose properties (`keys`, the same as `build`'s result) are read from `build()`, called once, on the first read. */
function builtOnFirstUse<T extends object>(build: () => T, keys: string[]): T {
  let built: T | undefined
  const model = {} as T
  for (const key of keys) Object.defineProperty(model, key, {enumerable: true, get: () => (built ??= build())[key as keyof T]})
  return model
}

export const Document = lenientModel.Document
export type Document = z.infer<typeof Document>
export const Job = lenientModel.Job
export type Job = z.infer<typeof Job>
export const Page = lenientModel.Page
export type Page = z.infer<typeof Page>
export const Source = lenientModel.Source
export type Source = z.infer<typeof Source>
export const Extraction = lenientModel.Extraction
export type Extraction = z.infer<typeof Extraction>
export const PageFailure = lenientModel.PageFailure
export type PageFailure = z.infer<typeof PageFailure>
export const FileInfo = lenientModel.FileInfo
export type FileInfo = z.infer<typeof FileInfo>
export const JobError = lenientModel.JobError
export type JobError = z.infer<typeof JobError>
export const Block = lenientModel.Block
export type Block = z.infer<typeof Block>
export const KnownBlock = lenientModel.KnownBlock
export type KnownBlock = z.infer<typeof KnownBlock>
export const UnknownBlock = lenientModel.UnknownBlock
export type UnknownBlock = z.infer<typeof UnknownBlock>

const known = lenientModel.known
export const HeadingBlock = known.heading
export type HeadingBlock = z.infer<typeof HeadingBlock>
export const ParagraphBlock = known.paragraph
export type ParagraphBlock = z.infer<typeof ParagraphBlock>
export const ListBlock = known.list
export type ListBlock = z.infer<typeof ListBlock>
export const CaptionBlock = known.caption
export type CaptionBlock = z.infer<typeof CaptionBlock>
export const FootnoteBlock = known.footnote
export type FootnoteBlock = z.infer<typeof FootnoteBlock>
export const PageHeaderBlock = known.page_header
export type PageHeaderBlock = z.infer<typeof PageHeaderBlock>
export const PageFooterBlock = known.page_footer
export type PageFooterBlock = z.infer<typeof PageFooterBlock>
export const CalloutBlock = known.callout
export type CalloutBlock = z.infer<typeof CalloutBlock>
export const CodeBlock = known.code
export type CodeBlock = z.infer<typeof CodeBlock>
export const TableBlock = known.table
export type TableBlock = z.infer<typeof TableBlock>
export const ImageBlock = known.image
export type ImageBlock = z.infer<typeof ImageBlock>
export const DiagramBlock = known.diagram
export type DiagramBlock = z.infer<typeof DiagramBlock>
export const ChartBlock = known.chart
export type ChartBlock = z.infer<typeof ChartBlock>
export const FormulaBlock = known.formula
export type FormulaBlock = z.infer<typeof FormulaBlock>

/** The known block whose `type` is `T`. */
export type BlockOfType<T extends KnownBlock['type']> = Extract<KnownBlock, {type: T}>

export {BBox, BlockType, TextSource} from './blocks.js'
import {isKnownBlockType} from './constants.js'
export {BLOCK_TYPES, TEXT_BLOCK_TYPES, isKnownBlockType, JOB_STATUSES, TERMINAL_STATUSES} from './constants.js'
export type {TextBlockType} from './constants.js'
export {JobStatus} from './job.js'
export type {Mode} from './shared.js'

/** Narrows a block to the known block types (an unknown, future type returns false). */
export function isKnownBlock(block: Block): block is KnownBlock {
  return isKnownBlockType(block.type)
}
