// Type-level test, compiled by `npm run typecheck` (tsc): the library's types and the ones
// json-schema-to-typescript generates from the exported schemas (*.generated.d.ts beside this
// file, written by `npm run schemas` and checked fresh by test/json-schema-generators.test.ts)
// are assignable to each other: two lines per named definition, one for each way.
import type * as Library from '../../src/model/index.js'
import type * as GeneratedDocument from './document.generated.js'
import type * as GeneratedJob from './job.generated.js'

/** Compiles only when `From` is assignable to `To`. */
type Assignable<From extends To, To> = [From, To]

export type DocumentChecks = [
  Assignable<Library.Document, GeneratedDocument.Document>,
  Assignable<GeneratedDocument.Document, Library.Document>,
  Assignable<Library.Source, GeneratedDocument.Source>,
  Assignable<GeneratedDocument.Source, Library.Source>,
  Assignable<Library.Extraction, GeneratedDocument.Extraction>,
  Assignable<GeneratedDocument.Extraction, Library.Extraction>,
  Assignable<Library.PageFailure, GeneratedDocument.PageFailure>,
  Assignable<GeneratedDocument.PageFailure, Library.PageFailure>,
  Assignable<Library.Page, GeneratedDocument.Page>,
  Assignable<GeneratedDocument.Page, Library.Page>,
  Assignable<Library.Block, GeneratedDocument.Block>,
  Assignable<GeneratedDocument.Block, Library.Block>,
  Assignable<Library.BBox, GeneratedDocument.BBox>,
  Assignable<GeneratedDocument.BBox, Library.BBox>,
  Assignable<Library.TextSource, GeneratedDocument.TextSource>,
  Assignable<GeneratedDocument.TextSource, Library.TextSource>,
  Assignable<Library.HeadingBlock, GeneratedDocument.HeadingBlock>,
  Assignable<GeneratedDocument.HeadingBlock, Library.HeadingBlock>,
  Assignable<Library.ParagraphBlock, GeneratedDocument.ParagraphBlock>,
  Assignable<GeneratedDocument.ParagraphBlock, Library.ParagraphBlock>,
  Assignable<Library.ListBlock, GeneratedDocument.ListBlock>,
  Assignable<GeneratedDocument.ListBlock, Library.ListBlock>,
  Assignable<Library.CaptionBlock, GeneratedDocument.CaptionBlock>,
  Assignable<GeneratedDocument.CaptionBlock, Library.CaptionBlock>,
  Assignable<Library.FootnoteBlock, GeneratedDocument.FootnoteBlock>,
  Assignable<GeneratedDocument.FootnoteBlock, Library.FootnoteBlock>,
  Assignable<Library.PageHeaderBlock, GeneratedDocument.PageHeaderBlock>,
  Assignable<GeneratedDocument.PageHeaderBlock, Library.PageHeaderBlock>,
  Assignable<Library.PageFooterBlock, GeneratedDocument.PageFooterBlock>,
  Assignable<GeneratedDocument.PageFooterBlock, Library.PageFooterBlock>,
  Assignable<Library.CalloutBlock, GeneratedDocument.CalloutBlock>,
  Assignable<GeneratedDocument.CalloutBlock, Library.CalloutBlock>,
  Assignable<Library.CodeBlock, GeneratedDocument.CodeBlock>,
  Assignable<GeneratedDocument.CodeBlock, Library.CodeBlock>,
  Assignable<Library.TableBlock, GeneratedDocument.TableBlock>,
  Assignable<GeneratedDocument.TableBlock, Library.TableBlock>,
  Assignable<Library.ImageBlock, GeneratedDocument.ImageBlock>,
  Assignable<GeneratedDocument.ImageBlock, Library.ImageBlock>,
  Assignable<Library.DiagramBlock, GeneratedDocument.DiagramBlock>,
  Assignable<GeneratedDocument.DiagramBlock, Library.DiagramBlock>,
  Assignable<Library.ChartBlock, GeneratedDocument.ChartBlock>,
  Assignable<GeneratedDocument.ChartBlock, Library.ChartBlock>,
  Assignable<Library.FormulaBlock, GeneratedDocument.FormulaBlock>,
  Assignable<GeneratedDocument.FormulaBlock, Library.FormulaBlock>,
  Assignable<Library.UnknownBlock, GeneratedDocument.UnknownBlock>,
  Assignable<GeneratedDocument.UnknownBlock, Library.UnknownBlock>
]

export type JobChecks = [
  Assignable<Library.Job, GeneratedJob.Job>,
  Assignable<GeneratedJob.Job, Library.Job>,
  Assignable<Library.JobStatus, GeneratedJob.JobStatus>,
  Assignable<GeneratedJob.JobStatus, Library.JobStatus>,
  Assignable<Library.FileInfo, GeneratedJob.FileInfo>,
  Assignable<GeneratedJob.FileInfo, Library.FileInfo>,
  Assignable<Library.JobError, GeneratedJob.JobError>,
  Assignable<GeneratedJob.JobError, Library.JobError>,
  Assignable<Library.Document, GeneratedJob.Document>,
  Assignable<GeneratedJob.Document, Library.Document>
]

// The checks can fail: distinct block types stay distinct in the generated types.
// @ts-expect-error a table is no heading
export type Drift = Assignable<GeneratedDocument.TableBlock, GeneratedDocument.HeadingBlock>
