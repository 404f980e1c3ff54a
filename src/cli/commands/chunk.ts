import {type ChunkOptions, chunkDocument} from '../../chunk/chunk.js'
import {TOKENIZER_NAMES, type TokenizerName} from '../../chunk/tokenizers.js'
import {oneOf, text, wholeNumber} from '../args.js'
import {type Command, EXIT, inputHelp, inputOptions, inputSettings, outputHelp, outputOptions} from '../command.js'
import {InputError, UsageError} from '../errors.js'
import {parseInput} from '../input.js'
import {outputTarget, readInput, say} from '../io.js'
import {IMAGE_POLICIES} from '../../render/types.js'
import {defined, selectionHelp, selectionOf, selectionOptions} from '../selection.js'

export const chunkCommand: Command = {
  name: 'chunk',
  summary: 'cut a document into token-bounded chunks for embedding (JSON Lines)',
  help: `Usage: docmodel chunk [file|-] --max-tokens <n> [options]

Writes one chunk per line as JSON (JSON Lines): id, index, text, contextualText, tokenCount,
headings, pages, spans (block id, page, bbox and offsets into text) and continued. Every
chunk's tokenCount is at most the limit; with --overlap 0 no text is repeated or lost.

Options:
      --max-tokens <n>       largest chunk in tokens (this or --max-chars is required)
      --max-chars <n>        largest chunk in characters (the chars tokenizer)
      --tokenizer <name>     o200k_base | cl100k_base | chars          (default: o200k_base)
      --overlap <n>          tokens repeated from the previous chunk    (default: 0)
      --boundary <kind>      section | page | none                      (default: section)
      --merge-under <n>      merge a chunk below n tokens with the next section (default: 0)
      --no-headings          leave the heading path out of contextualText
${selectionHelp}
      --furniture              include page headers and footers
      --images <policy>        placeholder | embed | omit             (default: placeholder)
${outputHelp}
${inputHelp}
  -q, --quiet                  do not print render warnings to stderr

Examples:
  docmodel chunk report.json --max-tokens 512 -o chunks.jsonl
  docmodel chunk report.json --max-tokens 512 --tokenizer cl100k_base --overlap 64 --preset trusted`,
  options: {
    'max-tokens': {type: 'string'},
    'max-chars': {type: 'string'},
    tokenizer: {type: 'string'},
    overlap: {type: 'string'},
    boundary: {type: 'string'},
    'merge-under': {type: 'string'},
    'no-headings': {type: 'boolean'},
    ...selectionOptions,
    furniture: {type: 'boolean'},
    images: {type: 'string'},
    ...outputOptions,
    ...inputOptions,
    quiet: {type: 'boolean', short: 'q'}
  },
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError(`chunk takes one file, got ${positionals.length}`)
    const maxTokens = wholeNumber('max-tokens', text(values, 'max-tokens'), 1)
    const maxChars = wholeNumber('max-chars', text(values, 'max-chars'), 1)
    if ((maxTokens === undefined) === (maxChars === undefined)) throw new UsageError('give --max-tokens or --max-chars (one of them)')
    const tokenizer = oneOf('--tokenizer', text(values, 'tokenizer'), TOKENIZER_NAMES as TokenizerName[])
    const options = defined({
      ...(maxTokens === undefined ? {maxChars} : {maxTokens}),
      tokenizer,
      overlap: wholeNumber('overlap', text(values, 'overlap'), 0),
      boundary: oneOf('--boundary', text(values, 'boundary'), ['section', 'page', 'none'] as const),
      mergeUnder: wholeNumber('merge-under', text(values, 'merge-under'), 0),
      headings: values['no-headings'] !== true,
      filter: selectionOf(values),
      furniture: values.furniture === true,
      images: oneOf('--images', text(values, 'images'), IMAGE_POLICIES),
      onWarning: values.quiet ? undefined : (w: {blockId: string; message: string}) => say(io.stderr, `warning: block ${w.blockId}: ${w.message}\n`)
    }) as ChunkOptions
    const {mode, kind, maxBytes} = inputSettings(values)
    const input = await readInput(positionals[0], io, maxBytes)
    const write = await outputTarget(text(values, 'output'), [input], io)
    const parsed = parseInput(input, mode, kind)
    if (!parsed.document)
      throw new InputError('no_document', `the job has no document to chunk (status "${parsed.kind === 'job' ? parsed.job.status : ''}")`)
    const chunks = await chunkDocument(parsed.document, options)
    await write(chunks.map((chunk) => JSON.stringify(chunk) + '\n').join(''))
    return EXIT.ok
  }
}
