import {type ChunkOptions, iterateChunks, iteratePageChunks} from '../../chunk/chunk.js'
import type {Document} from '../../model/index.js'
import type {PreviewOptions} from '../../preview/options.js'
import {previewHtmlPieces} from '../../preview/html.js'
import type {PageSource} from '../../render/pages.js'
import {type RenderReport, type StreamOptions, renderChunks, renderPageChunks} from '../../render/stream.js'
import type {RenderOptions} from '../../render/types.js'
import type {FilterCriteria} from '../../select/filter.js'
import {sortByReadingOrder} from '../../select/order.js'
import {blockStats} from '../../select/stats.js'
import type {Values} from '../args.js'
import {type ChunkingSettings, chunkingOf, chunkingOptions} from '../chunking.js'
import {inputOptions} from '../command.js'
import {UsageError} from '../errors.js'
import {previewingOf, previewingOptions} from '../previewing.js'
import {renderOptions, renderOptionsOf, select, selectionOf, selectionOptions} from '../selection.js'
import {jsonTextPieces} from '../io.js'

/** Everything a format needs besides the document, built once per worker from the command's flags. */
export interface FormatSettings {
  render: RenderOptions
  /** The blocks to keep (`--preset`, `--min-confidence`, `--text-source`); undefined keeps all. */
  selection: FilterCriteria | undefined
  /** `--max-tokens`/`--max-chars`, `--tokenizer`, `--overlap`, …; undefined when no limit is given (then `chunks` is refused). */
  chunking: ChunkingSettings | undefined
  /** `--color-by`, `--no-order`, `--low-confidence`, `--dpi`. */
  preview: PreviewOptions
}

/**
 * What one conversion gives: the file's text in pieces, made as they are drawn (so a large output
 * is never held whole), and the warnings made writing it (each names its block), complete once
 * the pieces are all drawn.
 */
export interface Converted {
  pieces: Iterable<string> | AsyncIterable<string>
  warnings: string[]
}

/** Large pieces (256 K characters): few writes. */
const PIECE = 1 << 18

/** A document read page by page (see `openPagedInput`): its pages, and its `source.file_hash`. */
export interface PagedSource {
  source: PageSource
  fileHash: string
}

export interface OutputFormat {
  /** Appended to the input's name once `.json` is dropped: `report.json` → `report.md`. */
  extension: string
  convert(document: Document, settings: FormatSettings): Converted | Promise<Converted>
  /** The same bytes and warnings from pages read one at a time, for the formats that can make them so. */
  convertPages?(pages: PagedSource, settings: FormatSettings): Converted
}

/** The flags that shape the outputs, batch's and a queue job's alike: render, selection, chunking, preview, input. */
export const conversionOptions = {...renderOptions, ...selectionOptions, ...chunkingOptions, ...previewingOptions, ...inputOptions}

/**
 * Flags → settings for the formats asked for; throws `UsageError` on a bad value or a missing
 * flag (checked in the main thread before any file is read, then again in each worker).
 */
export function formatSettings(values: Values, formats: readonly string[]): FormatSettings {
  const settings = {
    render: renderOptionsOf(values),
    selection: selectionOf(values),
    chunking: chunkingOf(values),
    preview: previewingOf(values)
  }
  if (formats.includes('chunks') && settings.chunking === undefined)
    throw new UsageError('--to chunks needs --max-tokens or --max-chars: the largest chunk')
  return settings
}

const blockWarning = (w: {blockId: string; message: string}) => `block ${w.blockId}: ${w.message}`

/** The formats batch writes. Adding one is one entry here (plus its flags in the batch command, if any). */
export const outputFormats: Record<string, OutputFormat> = {
  markdown: {
    extension: '.md',
    convert: (document, settings) => markdown((options) => renderChunks(document, options), settings),
    convertPages: (pages, settings) => markdown((options) => renderPageChunks(pages.source, options), settings)
  },
  json: {
    extension: '.json',
    convert: (document, settings) => {
      const selected = select(document, settings.selection).document
      // With --order geometry the JSON is in layout order too, its indexes rewritten to agree.
      const {order, direction} = settings.render
      const json = order === 'geometry' ? sortByReadingOrder(selected, {by: order, direction}) : selected
      return {pieces: jsonTextPieces(json, true), warnings: []}
    }
  },
  stats: {
    extension: '.stats.json',
    convert: (document, settings) => ({
      pieces: [JSON.stringify(blockStats(select(document, settings.selection).document)) + '\n'],
      warnings: []
    })
  },
  // The same lines as `docmodel chunk` with the same flags: the selection is the chunker's filter.
  chunks: {
    extension: '.chunks.jsonl',
    convert: (document, settings) => chunkLines((options) => iterateChunks(document, options), settings),
    convertPages: (pages, settings) => chunkLines((options) => iteratePageChunks(pages.source, pages.fileHash, options), settings)
  },
  preview: {
    extension: '.preview.html',
    convert: (document, settings) => ({
      pieces: previewHtmlPieces(select(document, settings.selection).document, settings.preview),
      warnings: []
    })
  }
}

/** The markdown in large pieces; the selection is the renderer's filter: heading depths come from the whole document. */
function markdown(render: (options: StreamOptions) => Generator<string, RenderReport, undefined>, settings: FormatSettings): Converted {
  const warnings: string[] = []
  const filter = settings.selection === undefined ? {} : {filter: settings.selection}
  const chunks = render({...settings.render, ...filter, chunkSize: PIECE})
  function* pieces() {
    const report = yield* chunks
    warnings.push(...report.warnings.map(blockWarning))
  }
  return {pieces: pieces(), warnings}
}

/** One JSON line per chunk, made as they are drawn. */
function chunkLines(chunk: (options: ChunkOptions) => AsyncIterable<unknown>, settings: FormatSettings): Converted {
  const warnings: string[] = []
  const chunks = chunk({
    ...settings.render,
    ...settings.chunking!,
    ...(settings.selection === undefined ? {} : {filter: settings.selection}),
    onWarning: (w) => warnings.push(blockWarning(w))
  })
  async function* pieces() {
    for await (const chunk of chunks) yield JSON.stringify(chunk) + '\n'
  }
  return {pieces: pieces(), warnings}
}
