import {z} from 'zod'
import {defineBlocks} from './blocks.js'
import {type Mode, named, objectOf} from './shared.js'

/** Builds the document schemas for one parse mode. */
export function defineDocument(mode: Mode) {
  const blocks = defineBlocks(mode)

  const Source = named(
    objectOf(mode, {
      kind: named(z.enum(['pdf', 'pptx', 'image']).describe('Kind of the source file.'), 'SourceKind'),
      filename: z.string().min(1).describe('Name of the source file.'),
      file_hash: z
        .string()
        .regex(/^sha256:[0-9a-f]{64}$/, 'expected "sha256:" followed by 64 lowercase hex digits')
        .describe('SHA-256 of the source bytes: "sha256:" + 64 lowercase hex digits.'),
      page_count: z.int().min(1).describe('Number of pages of the source.'),
      page_sizes: z
        .array(
          named(
            z
              .tuple([z.number().gt(0).describe('Width in inches.'), z.number().gt(0).describe('Height in inches.')])
              .describe('[width, height] of one page, in inches.'),
            'PageSize'
          )
        )
        .describe('Size of each page, in inches, in page order.')
    }).describe('The file the document was extracted from.'),
    'Source'
  )

  const PageFailure = named(
    z
      .union([
        z.int().min(1).describe('Number of a page whose extraction failed.'),
        named(
          z
            .looseObject({
              page: z.int().min(1).describe('Number of the page whose extraction failed.'),
              code: z.string().optional().describe('Machine-readable failure code.'),
              message: z.string().optional().describe('Human-readable failure message.')
            })
            .describe('A page whose extraction failed, with details.'),
          'PageFailureDetails'
        )
      ])
      .describe('A page whose extraction failed: its number, or an object with its number and details.'),
    'PageFailure'
  )

  const Extraction = named(
    objectOf(mode, {
      model: z.string().describe('Name of the extraction model.'),
      profile: z.string().describe('Extraction profile.'),
      duration_ms: z.int().min(0).describe('Time the extraction took, in milliseconds.'),
      faithfulness_score: z.number().min(0).max(1).nullable().describe('Faithfulness score in [0, 1], or null.'),
      per_page_failures: z.array(PageFailure).describe('Pages whose extraction failed.')
    }).describe('How the document was extracted.'),
    'Extraction'
  )

  const Page = named(
    objectOf(mode, {
      page: z.int().min(1).describe('1-based page number.'),
      blocks: z.array(blocks.Block).describe('The blocks of the page.')
    }).describe('One page and its blocks.'),
    'Page'
  )

  const Document = named(
    objectOf(mode, {
      source: Source,
      extraction: Extraction,
      pages: z.array(Page).describe('The pages, normally ascending; pages whose extraction failed may be absent.')
    }).describe('The extracted document: pages of typed, positioned blocks.'),
    'Document'
  )

  return {...blocks, Source, PageFailure, Extraction, Page, Document}
}
