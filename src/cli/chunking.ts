import type {ChunkOptions} from '../chunk/chunk.js'
import {TOKENIZER_NAMES, type TokenizerName} from '../chunk/tokenizers.js'
import {type OptionSpecs, type Values, oneOf, text, wholeNumber} from './args.js'
import {UsageError} from './errors.js'
import {defined} from './selection.js'

/** The chunking flags `chunk` and `batch --to chunks` share. */
export const chunkingOptions = {
  'max-tokens': {type: 'string'},
  'max-chars': {type: 'string'},
  tokenizer: {type: 'string'},
  overlap: {type: 'string'},
  boundary: {type: 'string'},
  'merge-under': {type: 'string'},
  'no-headings': {type: 'boolean'}
} as const satisfies OptionSpecs

/** Their help lines. */
export const chunkingHelp = `      --max-tokens <n>         largest chunk in tokens (this or --max-chars is required)
      --max-chars <n>          largest chunk in characters (the chars tokenizer)
      --tokenizer <name>       o200k_base | cl100k_base | chars    (default: o200k_base)
      --overlap <n>            tokens repeated from the previous chunk (default: 0)
      --boundary <kind>        section | page | none               (default: section)
      --merge-under <n>        merge a chunk below n tokens with the next section (default: 0)
      --no-headings            leave the heading path out of contextualText`

/** What the chunking flags set: the limit, tokenizer, overlap, boundaries and headings. */
export type ChunkingSettings = Pick<
  ChunkOptions,
  'maxTokens' | 'maxChars' | 'tokenizer' | 'overlap' | 'boundary' | 'mergeUnder' | 'headings'
>

/**
 * The chunking flags as `chunkDocument` options; `undefined` when no limit is given (the caller
 * decides whether that is an error). Every bad value is a `UsageError` naming its flag, so no
 * file is read before the flags are known to be good.
 */
export function chunkingOf(values: Values): ChunkingSettings | undefined {
  const maxTokens = wholeNumber('max-tokens', text(values, 'max-tokens'), 1)
  const maxChars = wholeNumber('max-chars', text(values, 'max-chars'), 1)
  const tokenizer = oneOf('--tokenizer', text(values, 'tokenizer'), TOKENIZER_NAMES as TokenizerName[])
  const overlap = wholeNumber('overlap', text(values, 'overlap'), 0)
  const settings = defined({
    tokenizer,
    overlap,
    boundary: oneOf('--boundary', text(values, 'boundary'), ['section', 'page', 'none'] as const),
    mergeUnder: wholeNumber('merge-under', text(values, 'merge-under'), 0),
    headings: values['no-headings'] !== true
  })
  if (maxTokens !== undefined && maxChars !== undefined) throw new UsageError('give --max-tokens or --max-chars, not both')
  const limit = maxTokens ?? maxChars
  if (limit === undefined) return undefined
  if (maxChars !== undefined && tokenizer !== undefined && tokenizer !== 'chars')
    throw new UsageError('--max-chars counts characters: use --max-tokens with --tokenizer')
  if (overlap !== undefined && overlap >= limit) throw new UsageError(`--overlap: expected less than the limit (${limit}), got ${overlap}`)
  return {...(maxTokens === undefined ? {maxChars} : {maxTokens}), ...settings}
}
