/**
 * The one escaping function for text from a document. It is deliberately context-free and
 * conservative, so that what it writes reads back as the same text in every CommonMark reader —
 * micromark (remark, with GFM and math), commonmark.js, markdown-it — rather than only in the
 * serializer's own model of markdown:
 *
 * - anywhere: `\` `` ` `` `*` `[` `<` `$` `~` `|` get a backslash (and `]` in a link's text); `_` too unless it sits
 *   between two ASCII letters or digits (it cannot open or close emphasis there); `&` when an
 *   entity could follow (`&#…`, `&name;`);
 * - GFM autolink literals are broken before the tokenizer sees them: a backslash before the `.`
 *   of `www.`, the `:` of `http:`/`https:`, and an `@` after an address character. micromark's
 *   autolink tokenizer would otherwise take the backslashes of later escapes into the link
 *   (`www.\<img>` gives a link `www.\` and live HTML); unbroken, GFM readers still link the
 *   address, from the text after escapes (so the text is unchanged);
 * - at the start of a line: every character that can begin a block construct gets a backslash
 *   (`-` `+` `*` `>` `#` `=` `_` `` ` `` `~` `<` `[` `|` `:` `$` `\`: list and block-quote
 *   markers, headings, setext underlines, thematic breaks, fences, `$$`, table delimiter rows,
 *   HTML, definitions…), the `.`/`)` after leading digits (ordered list markers), and a leading
 *   space or tab is written as a character reference (it would be indentation);
 * - before a line ending: the last space or tab as a character reference (no hard break).
 *
 * Every escape is valid CommonMark (a backslash before ASCII punctuation, or a character
 * reference), so over-escaping never changes the text. Linear: one pass, fixed look-around.
 */
export function escapeText(value: string, options: EscapeOptions = {}): string {
  const {lineStart = true, heading = false, label = false} = options
  if (!mayNeedEscapes(value, lineStart, heading)) return value
  const hashes = heading ? trailingHashes(value) : -1
  // The pieces between escapes, and the escapes (an array: joining once is faster than
  // concatenating when nearly every character is escaped).
  let parts: string[] | undefined
  let from = 0
  let atLineStart = lineStart
  const length = value.length
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i)
    if (code === 10 || code === 13) {
      atLineStart = true
      continue
    }
    let escape: string | undefined
    if (atLineStart) {
      atLineStart = false
      if (code === 32 || code === 9) escape = reference(code)
      else if (LINE_START[code] === 1) escape = '\\'
      else if (isDigit(code)) {
        let j = i + 1
        while (j < length && isDigit(value.charCodeAt(j))) j++
        const next = value.charCodeAt(j)
        if (next === 46 || next === 41) {
          // The digits stay as they are; the delimiter after them gets its backslash.
          ;(parts ??= []).push(value.slice(from, j), '\\')
          from = j
          i = j
        } else i = j - 1
        continue
      }
    } else if (code === 32 || code === 9) {
      const next = value.charCodeAt(i + 1)
      if (next === 10 || next === 13) escape = reference(code)
    }
    if (escape === undefined && code < 128 && needsBackslash(value, i, code, label, hashes)) escape = '\\'
    if (escape === undefined) continue
    ;(parts ??= []).push(value.slice(from, i), escape)
    // A backslash goes before the character; a reference replaces it.
    from = escape === '\\' ? i : i + 1
  }
  if (parts === undefined) return value
  parts.push(value.slice(from))
  return parts.join('')
}

export interface EscapeOptions {
  /** The text starts at the start of a line, where block constructs begin (default: `true`). */
  lineStart?: boolean
  /** The text is an ATX heading's: a trailing run of `#` would be read as its closing sequence (default: `false`). */
  heading?: boolean
  /** The text is a link's or an image's (between `[` and `]`): `]` would end it (default: `false`). */
  label?: boolean
}

/**
 * A link title between double quotes: `"` and `\` get a backslash, and `&` where an entity
 * could follow. Titles are not parsed for inline markup, only for escapes and references.
 */
export function escapeTitle(value: string): string {
  const parts: string[] = []
  let from = 0
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code === 34 || code === 92 || (code === 38 && entityFollows(value, i + 1))) {
      parts.push(value.slice(from, i), '\\')
      from = i
    }
  }
  parts.push(value.slice(from))
  return parts.join('')
}

/**
 * A link or image destination: as it is when it has no space, control character, parenthesis,
 * `<`, `>` or `\`; otherwise between `<` and `>`, with `<`, `>` and `\` escaped and control
 * characters as references. `&` gets a backslash where an entity could follow, so the URL
 * read back is the one given.
 */
export function escapeDestination(url: string): string {
  let plain = url !== ''
  for (let i = 0; i < url.length && plain; i++) {
    const code = url.charCodeAt(i)
    if (code <= 32 || code === 127 || code === 40 || code === 41 || code === 60 || code === 62 || code === 92) plain = false
  }
  const parts: string[] = []
  let from = 0
  for (let i = 0; i < url.length; i++) {
    const code = url.charCodeAt(i)
    if (code === 38 ? entityFollows(url, i + 1) : !plain && (code === 60 || code === 62 || code === 92)) {
      parts.push(url.slice(from, i), '\\')
      from = i
    } else if (!plain && (code < 32 || code === 127)) {
      parts.push(url.slice(from, i), reference(code))
      from = i + 1
    }
  }
  parts.push(url.slice(from))
  const escaped = parts.join('')
  return plain ? escaped : `<${escaped}>`
}

const reference = (code: number) => `&#x${code.toString(16).toUpperCase()};`

/**
 * Characters (and autolink starts) that may need an escape away from the start of a text: most
 * texts have none, and one native search tells.
 */
const SPECIAL = /[\\`*[\]<$~|_&@\r\n]|[wW]{3}\.|[hH][tT]{2}[pP][sS]?:/

function mayNeedEscapes(value: string, lineStart: boolean, heading: boolean): boolean {
  const first = value.charCodeAt(0)
  if (lineStart && (LINE_START[first] === 1 || isDigit(first) || first === 32 || first === 9)) return true
  if (heading && value.charCodeAt(value.length - 1) === 35) return true
  return SPECIAL.test(value)
}

/** Whether the character at `i` (not at a line start) gets a backslash. */
function needsBackslash(value: string, i: number, code: number, label: boolean, hashes: number): boolean {
  if (ALWAYS[code] === 1) return true
  switch (code) {
    case 93: // `]` ends a link's text
      return label
    case 95: // `_` opens or closes emphasis unless it is inside a word
      return !(isAlphanumeric(value.charCodeAt(i - 1)) && isAlphanumeric(value.charCodeAt(i + 1)))
    case 38: // `&` may start a character reference
      return entityFollows(value, i + 1)
    case 64: // `@` after an address character: a GFM e-mail autolink
      return isAtext(value.charCodeAt(i - 1))
    case 46: // `www.`
      return i >= 3 && endsWithIgnoringCase(value, i, 'www')
    case 58: // `http:`, `https:`
      return (i >= 4 && endsWithIgnoringCase(value, i, 'http')) || (i >= 5 && endsWithIgnoringCase(value, i, 'https'))
    case 35: // an ATX heading's closing sequence
      return i === hashes
    default:
      return false
  }
}

/** Characters that get a backslash wherever they are. */
const ALWAYS = new Uint8Array(128)
for (const character of '\\`*[<$~|') ALWAYS[character.charCodeAt(0)] = 1
/** Characters that get a backslash at the start of a line: every one a block construct can begin with. */
const LINE_START = new Uint8Array(128)
for (const character of '\\`*[<$~|-+>#=_:') LINE_START[character.charCodeAt(0)] = 1

const isDigit = (code: number) => code >= 48 && code <= 57
const isAlphanumeric = (code: number) => isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
/** What may come before the `@` of a GFM e-mail autolink. */
const isAtext = (code: number) => isAlphanumeric(code) || code === 43 || code === 45 || code === 46 || code === 95

/** Whether `value` just before `end` is `word` (ASCII, any case). */
function endsWithIgnoringCase(value: string, end: number, word: string): boolean {
  const start = end - word.length
  for (let k = 0; k < word.length; k++) if ((value.charCodeAt(start + k) | 32) !== word.charCodeAt(k)) return false
  return true
}

/**
 * Whether a character reference could start after an `&` at `from`: `#`, or letters and digits
 * up to a `;`. (The run of letters is scanned once per `&`; runs after different `&`s are
 * disjoint, so all of them together are linear.)
 */
function entityFollows(value: string, from: number): boolean {
  if (value.charCodeAt(from) === 35) return true
  let j = from
  while (j < value.length && isAlphanumeric(value.charCodeAt(j))) j++
  return j > from && value.charCodeAt(j) === 59
}

/**
 * The index of the `#` that would start an ATX closing sequence (a run of `#` at the end, after
 * a space, a tab or nothing), or -1.
 */
function trailingHashes(value: string): number {
  let j = value.length
  while (j > 0 && value.charCodeAt(j - 1) === 35) j--
  if (j === value.length) return -1
  const before = value.charCodeAt(j - 1)
  return j === 0 || before === 32 || before === 9 ? j : -1
}
