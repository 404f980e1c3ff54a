import {type ChunkOptions, iterateChunks, iteratePageChunks} from '../../chunk/chunk.js'
import {oneOf, pagesFlag, text} from '../args.js'
import {chunkingHelp, chunkingOf, chunkingOptions} from '../chunking.js'
import {type Command, EXIT, inputHelp, inputOptions, inputSettings, outputHelp, outputOptions} from '../command.js'
import {InputError, UsageError} from '../errors.js'
import {parseNamedInput} from '../input.js'
import {ReadWhole, openPagedInput, surveyPaged} from '../paged.js'
import {outputStream, readInput, say, writeBatched} from '../io.js'
import {IMAGE_POLICIES} from '../../render/types.js'
import {boundHeapGrowth} from '../heap.js'
import {defined, missingPages, selectionHelp, selectionOf, selectionOptions} from '../selection.js'
import {orderingHelp, orderingOf, orderingOptions} from '../ordering.js'

export const chunkCommand: Command = {
  name: 'chunk',
  summary: 'cut a document into token-bounded chunks for embedding (JSON Lines)',
  help: `Usage: docmodel chunk [file|-] --max-tokens <n> [options]

Writes one chunk per line as JSON (JSON Lines): id, index, text, contextualText, tokenCount,
headings, pages, spans (block id, page, bbox and offsets into text) and continued. Every
chunk's tokenCount is at most the limit; with --overlap 0 no text is repeated or lost.

Options:
${chunkingHelp}
${selectionHelp}
      --pages <pages>          1,3,5, 2-5 or 1,3-5 (open ends: 3-, -2) (default: all)
      --furniture              include page headers and footers
      --images <policy>        placeholder | embed | omit        (default: placeholder)
      --embedded-text          also chunk the text found inside images (OCR; left out by default)
      --no-heading-numbering   heading depth from the role only, not from section numbers (2.1 → ###)
${orderingHelp}
${outputHelp}
${inputHelp}
  -q, --quiet                  do not print render warnings to stderr

Examples:
  docmodel chunk report.json --max-tokens 512 -o chunks.jsonl
  docmodel chunk report.json --max-tokens 512 --tokenizer cl100k_base --overlap 64 --preset trusted
  docmodel chunk report.json --max-tokens 512 --pages 2-4 --embedded-text`,
  options: {
    ...chunkingOptions,
    ...selectionOptions,
    pages: {type: 'string'},
    furniture: {type: 'boolean'},
    images: {type: 'string'},
    'embedded-text': {type: 'boolean'},
    'no-heading-numbering': {type: 'boolean'},
    ...orderingOptions,
    ...outputOptions,
    ...inputOptions,
    quiet: {type: 'boolean', short: 'q'}
  },
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError(`chunk takes one file, got ${positionals.length}`)
    const chunking = chunkingOf(values)
    if (chunking === undefined) throw new UsageError('give --max-tokens or --max-chars (one of them)')
    const pages = pagesFlag(text(values, 'pages'))
    const options = defined({
      ...chunking,
      filter: selectionOf(values, pages === undefined ? {} : {pages}),
      furniture: values.furniture === true,
      images: oneOf('--images', text(values, 'images'), IMAGE_POLICIES),
      embeddedText: values['embedded-text'] === true,
      headingNumbering: values['no-heading-numbering'] !== true,
      ...orderingOf(values),
      onWarning: values.quiet
        ? undefined
        : (w: {blockId: string; message: string}) => say(io.stderr, `warning: block ${w.blockId}: ${w.message}\n`)
    }) as ChunkOptions
    const {mode, kind, maxBytes} = inputSettings(values)
    boundHeapGrowth()
    const input = await readInput(positionals[0], io, maxBytes)
    // Streamed: each line is written as its chunk is cut, so the chunks are never all held. The
    // file is made (under a temporary name) first, so a bad target is refused before any work.
    let output = await outputStream(text(values, 'output'), [input], io)
    // Page by page from the bytes when it can (DOCMODEL_WHOLE_READ=1 reads whole, for comparisons).
    const paged = io.env.DOCMODEL_WHOLE_READ === '1' ? undefined : openPagedInput(input, mode, kind)
    if (paged) {
      // Seen as it is written (stdout), or read in the layout order: every page checked first.
      const checkedFirst = !output.atomic || options.order === 'geometry'
      // Warnings wait until every page is known valid: an invalid one is reported by the whole read alone.
      const said: string[] = []
      const quietly = {...options, ...(options.onWarning ? {onWarning: (w: {blockId: string; message: string}) => said.push(`warning: block ${w.blockId}: ${w.message}\n`)} : {})}
      try {
        const surveyed = await surveyPaged(paged, quietly, checkedFirst)
        const missing = values.quiet ? undefined : missingPages(surveyed.pages, pages)
        if (missing) said.unshift(`${missing}\n`)
        await writeBatched(output.stream, lines(iteratePageChunks(surveyed.source, paged.fileHash, quietly)))
        await surveyed.validateRest()
        await output.close()
        for (const line of said) say(io.stderr, line)
        return EXIT.ok
      } catch (error) {
        await output.abort()
        if (!(error instanceof ReadWhole || (!checkedFirst && output.failure(error) === error))) throw output.failure(error)
      }
      output = await outputStream(text(values, 'output'), [input], io)
    }
    try {
      const parsed = await parseNamedInput(input, mode, kind)
      if (!parsed.document)
        throw new InputError('no_document', `the job has no document to chunk (status "${parsed.kind === 'job' ? parsed.job.status : ''}")`)
      const missing = values.quiet ? undefined : missingPages(parsed.document, pages)
      if (missing) say(io.stderr, `${missing}\n`)
      await writeBatched(output.stream, lines(iterateChunks(parsed.document, options)))
      await output.close()
    } catch (error) {
      await output.abort()
      throw output.failure(error)
    }
    return EXIT.ok
  }
}

async function* lines(chunks: AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const chunk of chunks) yield JSON.stringify(chunk) + '\n'
}
