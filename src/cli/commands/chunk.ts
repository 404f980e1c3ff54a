import {type ChunkOptions, iterateChunks} from '../../chunk/chunk.js'
import {oneOf, text} from '../args.js'
import {chunkingHelp, chunkingOf, chunkingOptions} from '../chunking.js'
import {type Command, EXIT, inputHelp, inputOptions, inputSettings, outputHelp, outputOptions} from '../command.js'
import {InputError, UsageError} from '../errors.js'
import {parseNamedInput} from '../input.js'
import {outputStream, readInput, say, writeBatched} from '../io.js'
import {IMAGE_POLICIES} from '../../render/types.js'
import {defined, selectionHelp, selectionOf, selectionOptions} from '../selection.js'
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
      --furniture              include page headers and footers
      --images <policy>        placeholder | embed | omit        (default: placeholder)
${orderingHelp}
${outputHelp}
${inputHelp}
  -q, --quiet                  do not print render warnings to stderr

Examples:
  docmodel chunk report.json --max-tokens 512 -o chunks.jsonl
  docmodel chunk report.json --max-tokens 512 --tokenizer cl100k_base --overlap 64 --preset trusted`,
  options: {
    ...chunkingOptions,
    ...selectionOptions,
    furniture: {type: 'boolean'},
    images: {type: 'string'},
    ...orderingOptions,
    ...outputOptions,
    ...inputOptions,
    quiet: {type: 'boolean', short: 'q'}
  },
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError(`chunk takes one file, got ${positionals.length}`)
    const chunking = chunkingOf(values)
    if (chunking === undefined) throw new UsageError('give --max-tokens or --max-chars (one of them)')
    const options = defined({
      ...chunking,
      filter: selectionOf(values),
      furniture: values.furniture === true,
      images: oneOf('--images', text(values, 'images'), IMAGE_POLICIES),
      ...orderingOf(values),
      onWarning: values.quiet
        ? undefined
        : (w: {blockId: string; message: string}) => say(io.stderr, `warning: block ${w.blockId}: ${w.message}\n`)
    }) as ChunkOptions
    const {mode, kind, maxBytes} = inputSettings(values)
    const input = await readInput(positionals[0], io, maxBytes)
    // Streamed: each line is written as its chunk is cut, so the chunks are never all held. The
    // file is made (under a temporary name) first, so a bad target is refused before any work.
    const output = await outputStream(text(values, 'output'), [input], io)
    try {
      const parsed = parseNamedInput(input, mode, kind)
      if (!parsed.document)
        throw new InputError('no_document', `the job has no document to chunk (status "${parsed.kind === 'job' ? parsed.job.status : ''}")`)
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
