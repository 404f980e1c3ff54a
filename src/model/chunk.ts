import {z} from 'zod'
import {named} from './shared.js'

const BBox = z.tuple([z.number(), z.number(), z.number(), z.number()]).describe("The block's [x0, y0, x1, y1], as in the document.")
const count = z.int().min(0)

/** A heading of the section path above a chunk. */
export const ChunkHeading = named(
  z
    .object({
      blockId: z.string().describe('The `id` of the heading block.'),
      text: z.string().describe('The heading’s text.'),
      depth: z.int().min(1).max(6).describe('Its level, 1 to 6.')
    })
    .strict()
    .describe('A heading of the section path above a chunk.'),
  'ChunkHeading'
)
export type ChunkHeading = z.infer<typeof ChunkHeading>

/** Where a part of a chunk's text came from. */
export const ChunkSpan = named(
  z
    .object({
      blockId: z.string().describe('The `id` of the block.'),
      page: z.int().min(1).describe('The 1-based page the block is on.'),
      bbox: BBox,
      start: count.describe('UTF-16 offset into text where this block’s markdown (or its part) starts.'),
      end: count.describe('UTF-16 offset into text where it ends (exclusive).')
    })
    .strict()
    .describe('Where a part of a chunk’s text came from: its block, page and bbox, and its range in text.'),
  'ChunkSpan'
)
export type ChunkSpan = z.infer<typeof ChunkSpan>

/** One line of `docmodel chunk` (a `Chunk` as JSON): the zod source of `schemas/chunk.schema.json`. */
export const ChunkLine = named(
  z
    .object({
      id: z
        .string()
        .regex(/^[0-9a-f]{16}$/)
        .describe("16 hex digits hashing the document's file_hash, the index and contextualText."),
      index: count.describe("Position in the document's chunk sequence, from 0."),
      text: z.string().min(1).describe("The chunk's markdown: its blocks' markdown joined by blank lines."),
      contextualText: z
        .string()
        .min(1)
        .describe('The heading path (markdown headings) and a blank line before text, unless headings are off: what gets embedded.'),
      tokenCount: count.describe('The tokenizer’s count of contextualText; never above the limit.'),
      headings: z.array(ChunkHeading).describe('The section path above the chunk, outermost first.'),
      pages: z.array(z.int().min(1)).describe('The pages of spans, sorted, unique.'),
      spans: z.array(ChunkSpan).min(1).describe('Where each part of text came from, in order.'),
      continued: z.boolean().describe('Whether a span is a part of a block split across chunks, or repeated as overlap.')
    })
    .strict()
    .describe('One chunk of a document for retrieval: its markdown, what gets embedded, its token count, section path and provenance.'),
  'ChunkLine'
)
export type ChunkLine = z.infer<typeof ChunkLine>
