import {z} from 'zod'

const BBox = z.tuple([z.number(), z.number(), z.number(), z.number()]).describe("The block's [x0, y0, x1, y1], as in the document.")
const count = z.int().min(0)

/** One line of `docmodel chunk` (a `Chunk` as JSON): the zod source of `schemas/chunk.schema.json`. */
export const ChunkLine = z
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
    headings: z
      .array(z.object({blockId: z.string(), text: z.string(), depth: z.int().min(1).max(6)}).strict())
      .describe('The section path above the chunk, outermost first.'),
    pages: z.array(z.int().min(1)).describe('The pages of spans, sorted, unique.'),
    spans: z
      .array(
        z
          .object({
            blockId: z.string(),
            page: z.int().min(1),
            bbox: BBox,
            start: count.describe('UTF-16 offset into text where this block’s markdown (or its part) starts.'),
            end: count.describe('UTF-16 offset into text where it ends (exclusive).')
          })
          .strict()
      )
      .min(1)
      .describe('Where each part of text came from, in order.'),
    continued: z.boolean().describe('Whether a span is a part of a block split across chunks, or repeated as overlap.')
  })
  .strict()
export type ChunkLine = z.infer<typeof ChunkLine>

/**
 * The JSON Schema (draft 2020-12) of one chunk line, generated from `ChunkLine`.
 *
 * @example
 * new Ajv2020().compile(chunkJSONSchema())
 */
export function chunkJSONSchema(): Record<string, unknown> {
  const {$schema, ...rest} = z.toJSONSchema(ChunkLine, {target: 'draft-2020-12'}) as Record<string, unknown>
  return {$schema, $id: 'https://docmodel.dev/schemas/chunk.schema.json', title: 'docmodel chunk line', ...rest}
}
