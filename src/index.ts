/**
 * The public API of docmodel: named re-exports only, grouped in docs/api by stage.
 *
 * @module docmodel
 */
export * from './model/index.js'
export {toJSONSchema} from './model/json-schema.js'
export type {SchemaName, JsonSchemaOptions} from './model/json-schema.js'
export {parseDocument, safeParseDocument, parseJob, safeParseJob} from './parse/parse.js'
export type {ParseOptions, SafeParseResult} from './parse/parse.js'
export {checkDocument, checkJob} from './parse/check.js'
export {DocmodelError, ValidationError, OptionsError} from './errors.js'
export {formatIssue, formatIssues, formatPath, toPointer} from './issues.js'
export type {Issue, Path, FormatIssuesOptions} from './issues.js'
export type {JsonInput} from './parse/json-text.js'
export {filterBlocks, presets} from './select/filter.js'
export type {FilterCriteria, PresetName} from './select/filter.js'
export {sortByReadingOrder, blocksInReadingOrder, iterateBlocks} from './select/order.js'
export type {SortOptions, ReadingOrderBy} from './select/order.js'
export {compareBlocks} from './layout/compare.js'
export {convertBBox, area, intersection, iou} from './layout/geometry.js'
export type {Unit, ConvertOptions} from './layout/geometry.js'
export {blockStats} from './select/stats.js'
export type {BlockStats} from './select/stats.js'
export {render, renderMarkdown} from './render/render.js'
export {renderChunks, renderToStream, DEFAULT_CHUNK_SIZE} from './render/stream.js'
export type {RenderReport, StreamOptions, WritableLike} from './render/stream.js'
export type {RenderResult} from './render/render.js'
export {toMdast} from './render/to-mdast.js'
export type {RenderInput} from './render/pages.js'
export {defaultHandlers} from './render/handlers/index.js'
export {stringifyMarkdown} from './render/stringify.js'
export type {
  Handler,
  HandlerContext,
  Handlers,
  ImageBearingBlock,
  ImagePolicy,
  RenderOptions,
  RenderWarning,
  ResolvedRenderOptions
} from './render/types.js'
export {createClient, DEFAULT_BASE_URL} from './client/client.js'
export type {Client, ClientOptions, GetJobResult, RequestOptions, WaitOptions} from './client/client.js'
export {ApiError, JobFailedError, NetworkError, TimeoutError} from './client/errors.js'
export {parseRetryAfter, retryDelay} from './client/retry.js'
export type {BackoffOptions} from './client/retry.js'
// Comparing two extractions (src/compare)
export {compareDocuments} from './compare/compare.js'
export type {
  BlockPair,
  CompareOptions,
  Comparison,
  ComparisonSummary,
  PageComparison,
  PageSizeChange,
  PairChange,
  PairStatus,
  TableComparison,
  Whitespace
} from './compare/compare.js'
export {formatComparison} from './compare/format.js'
export type {FormatComparisonOptions} from './compare/format.js'
export {tableSimilarity} from './compare/teds.js'
export type {TableSimilarity} from './compare/teds.js'

// Layout preview: a self-contained HTML page and per-page SVGs.
export {renderPreviewHtml} from './preview/html.js'
export {renderPageSvg} from './preview/svg.js'
export type {PreviewInput} from './preview/svg.js'
export type {ColorBy, PageImage, PageSvgOptions, PreviewOptions} from './preview/options.js'

// Reading order (layout): the iterative XY-cut, page direction, captions with their floats
export {inferReadingOrder, blocksInRegion, analyzeReadingOrder} from './layout/reading-order.js'
export type {ReadingOrderOptions, ReadingOrderAnalysis, RegionOptions} from './layout/reading-order.js'
export {detectDirection} from './layout/direction.js'
export type {Direction} from './layout/direction.js'

// Hostile input (issue 12): bounded client answers, redaction of the key.
export {ResponseTooLargeError} from './client/errors.js'
export {DEFAULT_MAX_RESPONSE_BYTES} from './client/client.js'

// Render: source map (which part of the markdown each block produced)
export {blocksAt, entriesIn, toCodePointOffsets, toUtf8Offsets} from './render/source-map.js'
export {SourceMap, SourceMapCell, SourceMapEntry} from './model/source-map.js'
// Chunking for RAG (src/chunk)
export {chunkDocument, iterateChunks} from './chunk/chunk.js'
export type {Chunk, ChunkOptions} from './chunk/chunk.js'
export {charsTokenizer, loadTokenizer} from './chunk/tokenizers.js'
export type {Tokenizer, TokenizerName} from './chunk/tokenizers.js'
export {ChunkHeading, ChunkLine, ChunkSpan} from './model/chunk.js'
