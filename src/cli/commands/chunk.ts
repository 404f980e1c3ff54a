import {type ChunkOptions, chunkDocument} from '../../chunk/chunk.js'
import {TOKENIZER_NAMES, type TokenizerName} from '../../chunk/tokenizers.js'
import type {TextSource} from '../../model/index.js'
import type {PresetName} from '../../select/filter.js'
import {type Command, EXIT} from '../command.js'
import {InputError, UsageError, list, oneOf, parseInput, readInput, unitNumber, writeOutput} from '../io.js'

/** A whole-number flag ≥ min. */
function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!/^\s*\d+\s*$/.test(value) || number < min)
    throw new UsageError(`--${name}: expected a whole number ≥ ${min}, got ${JSON.stringify(value)}`)
  return number
}

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
      --preset <name>        trusted | textOnly | verifiedOnly
      --min-confidence <n>   keep blocks with confidence ≥ n (0–1)
      --text-source <list>   keep these sources: verified,inferred,derived
      --furniture            include page headers and footers
      --images <policy>      placeholder | embed | omit                 (default: placeholder)
  -o, --output <file>        write the lines to a file
      --strict               parse strictly (unknown keys and warnings fail)
  -q, --quiet                do not print render warnings to stderr`,
  options: {
    'max-tokens': {type: 'string'},
    'max-chars': {type: 'string'},
    tokenizer: {type: 'string'},
    overlap: {type: 'string'},
    boundary: {type: 'string'},
    'merge-under': {type: 'string'},
    'no-headings': {type: 'boolean'},
    preset: {type: 'string'},
    'min-confidence': {type: 'string'},
    'text-source': {type: 'string'},
    furniture: {type: 'boolean'},
    images: {type: 'string'},
    output: {type: 'string', short: 'o'},
    strict: {type: 'boolean'},
    quiet: {type: 'boolean', short: 'q'}
  },
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError('chunk takes at most one file')
    const maxTokens = integer('max-tokens', values['max-tokens'] as string | undefined, 1)
    const maxChars = integer('max-chars', values['max-chars'] as string | undefined, 1)
    if ((maxTokens === undefined) === (maxChars === undefined)) throw new UsageError('give --max-tokens or --max-chars (one of them)')
    const tokenizer = oneOf('tokenizer', values.tokenizer as string | undefined, TOKENIZER_NAMES as TokenizerName[])
    const options: ChunkOptions = {
      ...(maxTokens === undefined ? {maxChars} : {maxTokens}),
      ...(tokenizer === undefined ? {} : {tokenizer}),
      overlap: integer('overlap', values.overlap as string | undefined, 0),
      boundary: oneOf('boundary', values.boundary as string | undefined, ['section', 'page', 'none'] as const),
      mergeUnder: integer('merge-under', values['merge-under'] as string | undefined, 0),
      headings: values['no-headings'] !== true,
      preset: values.preset as PresetName | undefined,
      minConfidence: unitNumber('min-confidence', values['min-confidence'] as string | undefined),
      textSource: list(values['text-source'] as string | undefined) as TextSource[] | undefined,
      furniture: values.furniture === true,
      images: oneOf('images', values.images as string | undefined, ['placeholder', 'embed', 'omit'] as const),
      onWarning: values.quiet ? undefined : (w) => io.stderr.write(`warning: block ${w.blockId}: ${w.message}\n`)
    }
    for (const key of Object.keys(options) as Array<keyof ChunkOptions>) if (options[key] === undefined) delete options[key]
    const {bytes} = await readInput(positionals[0], io)
    const parsed = parseInput(bytes, values.strict ? 'strict' : 'lenient')
    if (!parsed.document)
      throw new InputError(`the job has no document to chunk (status "${parsed.kind === 'job' ? parsed.job.status : ''}")`)
    const chunks = await chunkDocument(parsed.document, options)
    await writeOutput(chunks.map((chunk) => JSON.stringify(chunk) + '\n').join(''), values.output as string | undefined, io)
    return EXIT.ok
  }
}
