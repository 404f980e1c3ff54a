import {stat} from 'node:fs/promises'
import type {Mode} from '../../model/shared.js'
import type {RenderReport} from '../../render/pieces.js'
import {lazyStockWriter} from '../../render/stock.js'
import type {RenderOptions} from '../../render/types.js'
import {type FilterCriteria, createBlockMatcher} from '../../select/filter.js'
import {type Command, EXIT, inputHelp, inputOptions, inputSettings, outputHelp, outputOptions} from '../command.js'
import {InputError, UsageError} from '../errors.js'
import type {Kind} from '../input.js'
import type {FileState, Released} from '../paged.js'
import {type CliIo, EXAMPLE_URL, type Input, outputStream, outputTarget, readInput, resolvePath, sameFile, say} from '../io.js'
import {pagesFlag, text} from '../args.js'

type Pages = NonNullable<ReturnType<typeof pagesFlag>>
import {
  missingPages,
  nothingKept,
  renderHelp,
  renderOptions,
  renderOptionsOf,
  select,
  selectionHelp,
  selectionOf,
  selectionOptions
} from '../selection.js'

// Pieces of 32 K characters, a write call each: below V8's large-object size even as two-byte
// strings, so they die young (64 K pieces of a document with any non-ASCII text are large objects
// V8 keeps until a full collection: 4 MB more peak RSS on the 28 MB bench document; 16 K ones
// cost more in write calls than they saved).
const OUTPUT_PIECE = 1 << 15

/**
 * The page-by-page reader and the renderer: imported when `run` starts, so that they load while
 * the input is read (the thread pool reads the file, the main thread compiles them meanwhile).
 */
const loadRenderer = () => Promise.all([import('../paged.js'), import('../../render/pieces.js')])
type Renderer = Awaited<ReturnType<typeof loadRenderer>>

export const renderCommand: Command = {
  name: 'render',
  summary: 'render a document or job as markdown',
  help: `Usage: docmodel render [file|-] [options]

Renders a document (or a job response) as markdown. Reads the file, or stdin when it is piped
(or given as -). Run on a terminal with no file, it renders the bundled example document.

Options:
${outputHelp}
      --source-map <file>      also write the source map (JSON): each block's part of the markdown
${renderHelp}
${selectionHelp}
      --pages <pages>          1,3,5, 2-5 or 1,3-5 (open ends: 3-, -2) (default: all)
${inputHelp}
  -q, --quiet                  do not print render warnings to stderr

Examples:
  docmodel render result.json -o result.md
  docmodel render --preset trusted --images omit - < job.json
  docmodel render report.json --pages 2-4 -o pages-2-4.md
  curl -s "$URL" | docmodel render --page-breaks comment | less`,
  options: {
    ...outputOptions,
    'source-map': {type: 'string'},
    ...renderOptions,
    ...selectionOptions,
    pages: {type: 'string'},
    ...inputOptions,
    quiet: {type: 'boolean', short: 'q'}
  },
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError(`render takes one file, got ${positionals.length}; for many, use docmodel batch`)
    const options = renderOptionsOf(values)
    const pages = pagesFlag(text(values, 'pages'))
    const criteria = selectionOf(values, pages === undefined ? {} : {pages})
    const {mode, kind, maxBytes} = inputSettings(values)
    // The file as it is before it is read: if it is the same afterwards, what was read is what it holds.
    const file = positionals[0]
    const loading = loadRenderer()
    loading.catch(() => {}) // awaited below; a usage or input error may come first
    const unread = file === undefined || file === '-' ? undefined : await stat(resolvePath(io, file)).catch(() => undefined)
    let input = await readInput(positionals[0], io, maxBytes, EXAMPLE_URL)
    const sourceMapFile = values['source-map'] as string | undefined
    const markdownFile = values.output as string | undefined
    const stdout = (file: string | undefined) => file === undefined || file === '-'
    // Files, not path strings: a link to the markdown file is the markdown file.
    const sameTarget =
      sourceMapFile !== undefined &&
      (stdout(sourceMapFile)
        ? stdout(markdownFile)
        : !stdout(markdownFile) && (await sameFile(resolvePath(io, sourceMapFile), resolvePath(io, markdownFile!))))
    if (sameTarget)
      throw new UsageError('--source-map: expected another file than the markdown’s (-o), got the same')
    const writeSourceMap = sourceMapFile === undefined ? undefined : await outputTarget(sourceMapFile, [input], io)
    // Page by page from the bytes when it can (the source map's offsets span the whole output, so it reads whole).
    // DOCMODEL_WHOLE_READ=1 reads whole as before: for comparisons (the benches, the tests).
    if (writeSourceMap === undefined && io.env.DOCMODEL_WHOLE_READ !== '1') {
      const settings = {mode, kind, options, criteria, pages, quiet: values.quiet === true, unread}
      const paged = await renderPaged(await loading, input, settings, values.output as string | undefined, io)
      if (paged) return EXIT.ok
      // The paged render let go of the file's bytes (see `PagedDocument.release`) and then gave up: read it again.
      if (input.bytes.buffer.byteLength === 0 && input.path !== undefined) input = await readInput(positionals[0], io, maxBytes, EXAMPLE_URL)
    }
    const {parseNamedInput} = await import('../input.js')
    const parsed = await parseNamedInput(input, mode, kind)
    if (!parsed.document)
      throw new InputError('no_document', `the job has no document to render (status "${parsed.kind === 'job' ? parsed.job.status : ''}")`)
    const {before, after} = select(parsed.document, criteria)
    // Streamed: the whole markdown is never held, whatever the document's size.
    const output = await outputStream(values.output as string | undefined, [input], io)
    let report: RenderReport
    try {
      const {renderToStream} = await import('../../render/stream.js')
      // The selection is the renderer's filter: heading depths come from the whole document.
      report = await renderToStream(parsed.document, output.stream, {
        ...options,
        ...(criteria === undefined ? {} : {filter: criteria}),
        chunkSize: OUTPUT_PIECE,
        sourceMap: writeSourceMap !== undefined
      })
      await output.close()
    } catch (error) {
      await output.abort()
      throw output.failure(error)
    }
    if (!values.quiet) {
      const missing = missingPages(parsed.document, pages)
      if (missing) say(io.stderr, `${missing}\n`)
      else if (criteria && before > 0 && after === 0) say(io.stderr, `${nothingKept(before)}\n`)
      for (const w of report.warnings) say(io.stderr, `warning: block ${w.blockId}: ${w.message}\n`)
    }
    if (writeSourceMap) await writeSourceMap(JSON.stringify(report.sourceMap) + '\n')
    return EXIT.ok
  }
}

/**
 * `render` reading the document page by page (see `openPagedInput`), so the whole parsed document
 * is never held: a first pass keeps what the whole document decides (page numbers, headings,
 * block counts), a second parses each page and renders it, in page order. Into a file written
 * under a temporary name, the first pass only skims the bytes and each page is validated as it is
 * rendered (an invalid one leaves no trace); elsewhere (stdout, a device) every page is parsed and
 * validated first, since the output is seen as it is written. The same bytes, warnings and exit
 * code as the whole read (test/cli/paged-render.test.ts); false when the input is to be read whole
 * (strict mode, anything invalid: the whole read reports it).
 */
async function renderPaged(
  [{ReadWhole, openPagedInput, surveyPaged}, {streamOf}]: Renderer,
  input: Input,
  settings: {
    mode: Mode
    kind: Kind | undefined
    options: RenderOptions
    criteria: FilterCriteria | undefined
    pages: Pages | undefined
    quiet: boolean
    /** The input's file before it was read (see `PagedDocument.release`). */
    unread: FileState | undefined
  },
  outputFile: string | undefined,
  io: CliIo
): Promise<boolean> {
  const {criteria, pages} = settings
  const paged = openPagedInput(input, settings.mode, settings.kind)
  if (paged === undefined) return false
  // A target refused (the input itself, …) is the whole read's to report, after any validation error.
  const output = await outputStream(outputFile, [input], io).catch(() => undefined)
  if (output === undefined) return false
  const options: RenderOptions = {...settings.options, ...(criteria === undefined ? {} : {filter: criteria})}
  // The layout order reads every block of a page, so it is read whole in the first pass.
  const checkedFirst = !output.atomic || options.order === 'geometry'
  let surveyed: Awaited<ReturnType<Renderer[0]['surveyPaged']>>
  let report: RenderReport
  // Written under a temporary name, the pages are read from the file after the first pass, one at
  // a time, and the input's bytes let go; should the file change meanwhile, it is read whole again.
  let released: Released | undefined
  try {
    surveyed = await surveyPaged(paged, options, checkedFirst, criteria && createBlockMatcher(criteria))
    if (output.atomic) released = paged.release(settings.unread)
    report = await streamOf(surveyed.source, output.stream, {...options, chunkSize: OUTPUT_PIECE}, await lazyStockWriter())
    await surveyed.validateRest()
    if (released && !released.unchanged()) throw new ReadWhole(`${input.name} changed while it was read`)
    released?.close()
    await output.close()
  } catch (error) {
    // Checked first, the pages read from a file that changed since are not: whatever they made fail, the whole read says.
    const changed = released !== undefined && !released.unchanged()
    released?.close()
    await output.abort()
    // Skimmed, an invalid document can fail anywhere: the whole read says why (a stream's own failure is reported).
    if (changed || error instanceof ReadWhole || (!checkedFirst && output.failure(error) === error)) return false
    throw output.failure(error)
  }
  const {before, after} = surveyed.counts
  if (!settings.quiet) {
    const missing = missingPages(surveyed.pages, pages)
    if (missing) say(io.stderr, `${missing}\n`)
    else if (criteria && before > 0 && after === 0) say(io.stderr, `${nothingKept(before)}\n`)
    for (const w of report.warnings) say(io.stderr, `warning: block ${w.blockId}: ${w.message}\n`)
  }
  return true
}
