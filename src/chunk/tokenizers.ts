import {OptionsError} from '../errors.js'
import {heapMerge} from './bpe-merge.js'

/**
 * Counts what an embedding model would count. `count` must be pure and deterministic; any
 * `{name, count}` object works (a Hugging Face tokenizer, a word counter, …).
 */
export interface Tokenizer {
  /** A short name, recorded nowhere but useful in messages, e.g. `o200k_base`. */
  name: string
  /** The size of `text` in this tokenizer's units. */
  count(text: string): number
}

/** The tokenizers docmodel bundles: two OpenAI encodings (via `gpt-tokenizer`) and a character counter. */
export type TokenizerName = 'o200k_base' | 'cl100k_base' | 'chars'

export const TOKENIZER_NAMES: readonly TokenizerName[] = ['o200k_base', 'cl100k_base', 'chars']

/** The separator between the parts of a chunk (blocks, and the heading path before them). */
export const SEPARATOR = '\n\n'

/**
 * A tokenizer that also says what joining costs, so a chunk's count is the sum of its parts'
 * counts plus the join costs, exact, with no text tokenized twice. `exact: false` (custom
 * tokenizers, whose behaviour on concatenation is unknown) makes the packer check each chunk once.
 */
export interface Measurer {
  tokenizer: Tokenizer
  exact: boolean
  measure(text: string): Measure
  /** What `SEPARATOR` and the next part add after a part measured as `left`. */
  joinCost(left: Measure): number
  /**
   * The most UTF-16 units one token can stand for (Infinity when unknown): a text longer than
   * `limit × unitsPerToken` counts more than `limit` without being tokenized. The encodings'
   * byte-pair merging is quadratic in the length of one pre-tokenizer piece (a run of 100k `*`),
   * so such a text must never be counted whole.
   */
  unitsPerToken: number
}

export interface Measure {
  count: number
  /** The last pre-tokenizer piece of the text (bundled encodings), where a join can change the count. */
  tail: string
  /**
   * The text starts with what a piece before the separator can take in (o200k_base: a symbol
   * run takes the line breaks and `/`s after it), so a join before it can change its own pieces
   * too: a chunk holding it is counted whole.
   */
  lead?: boolean
}

/**
 * Counts Unicode code points (a surrogate pair is one character), so `maxChars` means characters,
 * not UTF-16 units.
 *
 * @example
 * charsTokenizer.count('a😀') // 2
 */
export const charsTokenizer: Tokenizer = {
  name: 'chars',
  count(text) {
    let count = text.length
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      // A high surrogate followed by a low one is one code point.
      if (code >= 0xd800 && code <= 0xdbff) {
        const next = text.charCodeAt(i + 1)
        if (next >= 0xdc00 && next <= 0xdfff) (count--, i++)
      }
    }
    return count
  }
}

interface Encoding {
  encodeGenerator(text: string, options: object): Generator<number[], number, undefined>
  countTokens(text: string, options: object): number
  decode(tokens: Iterable<number>): string
  default?: {bytePairEncodingCoreProcessor?: MergeCore}
}

/** The part of gpt-tokenizer's encoder core that merges one pre-tokenizer piece. */
export interface MergeCore {
  bytePairMerge(piece: Uint8Array): number[]
  getBpeRankFromBytes(bytes: Uint8Array): number | undefined
}

/** Pieces up to this many bytes keep gpt-tokenizer's own merge (quadratic, but quick when short). */
const SHORT_PIECE = 64
const patched = new WeakSet<MergeCore>()

/**
 * gpt-tokenizer's merge scans every pair for every merge: quadratic in the length of one
 * pre-tokenizer piece (a run of 100k `*` is one piece and took minutes). Its encoder gets the
 * same merge with a heap for longer pieces (same tokens, a property test holds them equal), for
 * every user of the encoding in this process.
 */
export function useHeapMerge(core: MergeCore | undefined): void {
  if (core === undefined || patched.has(core) || typeof core.bytePairMerge !== 'function' || typeof core.getBpeRankFromBytes !== 'function')
    return
  const own = core.bytePairMerge.bind(core)
  const rank = (bytes: Uint8Array) => core.getBpeRankFromBytes(bytes)
  core.bytePairMerge = (piece) => (piece.length <= SHORT_PIECE ? own(piece) : heapMerge(piece, rank))
  patched.add(core)
}

// Special-token strings in a document are ordinary text: encoded as such, never refused.
const plainText = {disallowedSpecial: new Set<string>()}

/**
 * A bundled tokenizer, loaded on first use (gpt-tokenizer ships its tables: nothing is fetched).
 *
 * @example
 * const tokenizer = await loadTokenizer('o200k_base')
 * tokenizer.count('Hello, world') // 4
 */
export async function loadTokenizer(name: TokenizerName): Promise<Tokenizer> {
  return (await loadMeasurer(name)).tokenizer
}

/** The measurer for a tokenizer option: a bundled name (loaded lazily) or a custom object. */
export async function loadMeasurer(spec: TokenizerName | Tokenizer): Promise<Measurer> {
  if (typeof spec === 'object' && spec !== null) {
    if (typeof spec.count !== 'function' || typeof spec.name !== 'string')
      throw new OptionsError('tokenizer: expected a bundled name or an object {name: string, count(text): number}')
    return customMeasurer(spec)
  }
  switch (spec) {
    case 'chars':
      return charsMeasurer
    case 'o200k_base':
      return encodingMeasurer('o200k_base', await importEncoding('o200k_base', async () => await import('gpt-tokenizer/encoding/o200k_base')))
    case 'cl100k_base':
      return encodingMeasurer('cl100k_base', await importEncoding('cl100k_base', async () => await import('gpt-tokenizer/encoding/cl100k_base')))
    default:
      throw new OptionsError(
        `tokenizer: expected one of ${TOKENIZER_NAMES.join(', ')} or an object {name, count}, got ${JSON.stringify(spec)}`
      )
  }
}

/**
 * An encoding of gpt-tokenizer (30 MB of tables, needed for chunking alone), imported on first
 * use; when the package is not installed, an error that names it and says how to get it.
 */
async function importEncoding(name: TokenizerName, load: () => Promise<unknown>): Promise<Encoding> {
  try {
    return (await load()) as Encoding
  } catch (error) {
    const code = (error as {code?: unknown})?.code
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error
    throw new OptionsError(
      `tokenizer: ${name} needs the package gpt-tokenizer, which is not installed: npm install gpt-tokenizer@4.0.0 (or use the chars tokenizer, or your own {name, count})`
    )
  }
}

const charsMeasurer: Measurer = {
  tokenizer: charsTokenizer,
  exact: true,
  measure: (text) => ({count: charsTokenizer.count(text), tail: ''}),
  joinCost: () => SEPARATOR.length,
  unitsPerToken: 2
}

function customMeasurer(tokenizer: Tokenizer): Measurer {
  const count = (text: string) => {
    const n = tokenizer.count(text)
    if (!Number.isInteger(n) || n < 0)
      throw new OptionsError(`tokenizer ${tokenizer.name}: count() returned ${String(n)}, expected an integer ≥ 0`)
    return n
  }
  const separator = count(SEPARATOR)
  return {
    tokenizer: {name: tokenizer.name, count},
    exact: false,
    measure: (text) => ({count: count(text), tail: ''}),
    joinCost: () => separator,
    unitsPerToken: Infinity
  }
}

/**
 * The encodings split text with a regular expression before merging bytes within each piece, and
 * that expression has no look-behind: the pieces of the text after a separator are those of that
 * text alone, and only the last piece before it can change (punctuation takes the line breaks that
 * follow it). So count(a + SEPARATOR + b) = count(a) + count(b) + count(tail + SEPARATOR) −
 * count(tail), where tail is a's last piece — a property test holds this against whole counts.
 * One exception: in o200k_base a symbol piece also takes the `/`s after the line breaks, so when
 * b starts with `/` its first piece changes too (`.` + `\n\n` + `/# x`): such a b is marked
 * (`lead`), and a chunk holding it is counted whole.
 */
function encodingMeasurer(name: TokenizerName, encoding: Encoding): Measurer {
  useHeapMerge(encoding.default?.bytePairEncodingCoreProcessor)
  const count = (text: string) => encoding.countTokens(text, plainText)
  // Tails repeat (`|`, `.`, words): a small cache spares counting them again.
  const joins = new Map<string, number>()
  // o200k_base's symbol pieces end with `[\r\n/]*`: after a separator, a `/` joins the piece before it.
  const takesSlash = name === 'o200k_base'
  return {
    tokenizer: {name, count},
    exact: true,
    unitsPerToken: ENCODING_TOKEN_UNITS,
    measure(text) {
      const lead = takesSlash && text.charCodeAt(0) === 47
      const tail = lastPiece(text)
      if (tail !== undefined) return {count: count(text), tail, lead}
      let total = 0
      let last: number[] = []
      for (const tokens of encoding.encodeGenerator(text, plainText)) {
        total += tokens.length
        last = tokens
      }
      return {count: total, tail: last.length === 0 ? '' : encoding.decode(last), lead}
    },
    joinCost({tail}) {
      let cost = joins.get(tail)
      if (cost === undefined) {
        cost = count(tail + SEPARATOR) - (tail === '' ? 0 : count(tail))
        if (joins.size > 4096) joins.clear()
        joins.set(tail, cost)
      }
      return cost
    }
  }
}

/**
 * The longest token of o200k_base and cl100k_base is 128 bytes (a test decodes every token), and
 * a UTF-16 unit is at least one UTF-8 byte: no token stands for more than 128 units.
 */
export const ENCODING_TOKEN_UNITS = 128

const letterOrNumber = /[\p{L}\p{N}]/u
const symbol = /[^\s\p{L}\p{N}\p{M}]/u

/**
 * The encodings' last pre-tokenizer piece of `text`, read from its end, in the cases where that
 * is certain: '' when the text ends with a letter or a digit (a piece no separator can extend),
 * else the final run of symbols (with one space before it, which that piece takes in). Undefined
 * otherwise (marks, whitespace, a run after a line break): the caller encodes the text to know.
 */
export function lastPiece(text: string): string | undefined {
  const last = text.codePointAt(text.length - 1 - (text.length > 1 && isLowSurrogate(text.charCodeAt(text.length - 1)) ? 1 : 0))
  if (last === undefined) return ''
  const char = String.fromCodePoint(last)
  if (letterOrNumber.test(char)) return ''
  if (!symbol.test(char)) return undefined
  let start = text.length
  while (start > 0) {
    const low = text.charCodeAt(start - 1)
    const size = start > 1 && isLowSurrogate(low) ? 2 : 1
    if (!symbol.test(text.slice(start - size, start))) break
    start -= size
  }
  if (start === 0) return text
  const before = text[start - 1]!
  if (before === ' ') return ' ' + text.slice(start)
  return letterOrNumber.test(text.slice(start - (start > 1 && isLowSurrogate(text.charCodeAt(start - 1)) ? 2 : 1), start))
    ? text.slice(start)
    : undefined
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff
