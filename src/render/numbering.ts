// Section numbers carry the depth the data's `role` does not (extractors call every heading a
// `section`): `2.1` is a level deeper than `2`. A pre-pass over the document's headings reads
// their numbers; the depths are used only when the numbers run forward as an outline does.

/** A heading's number: its scheme (of the first part) and its parts (`A.2` → letter, [1, 2]). */
export interface SectionNumber {
  scheme: 'decimal' | 'letter' | 'roman'
  parts: number[]
}

const ROMAN: Record<string, number> = {I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000}

/** A roman numeral's value when it is written the standard way (`IV`, not `IIII` or `VX`); else undefined. */
function romanValue(text: string): number | undefined {
  if (!/^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/.test(text) || text === '') return undefined
  let value = 0
  for (let i = 0; i < text.length; i++) {
    const here = ROMAN[text[i]!]!
    const next = i + 1 < text.length ? ROMAN[text[i + 1]!]! : 0
    value += here < next ? -here : here
  }
  return value
}

// A number, then whitespace and the title: `2`, `2.1`, `2.1.3.` (decimal parts of 1–3 digits,
// so `2024 Results` and `12.03.2024 Minutes` are not numbers); `A.1`, `A.` (a lone letter needs
// its dot: `A Survey` is a title); `IV.` (a lone numeral too: `I Was There` is a title). The
// title does not start with a lowercase letter: `10.5 million users reached` is a sentence with
// a quantity, where a section title starts with a capital (or a script without case, a digit, a sign).
const numbered = /^(?:(\d{1,3}(?:\.\d{1,3})*)\.?|([A-Z])(?:\.(\d{1,3}(?:\.\d{1,3})*)\.?|\.)|([IVXLCDM]+)(?:\.(\d{1,3}(?:\.\d{1,3})*)\.?|\.))\s+[^\s\p{Ll}]/u

/**
 * The section number a heading's text starts with, or undefined. `previous` (the last number
 * read) settles a letter that is also a numeral: `C.` after `B.` is a letter, after `II.` a numeral.
 *
 * @example
 * sectionNumber('2.1.3 Discounts') // {scheme: 'decimal', parts: [2, 1, 3]}
 */
export function sectionNumber(text: string, previous?: SectionNumber): SectionNumber | undefined {
  const match = numbered.exec(text.trimStart())
  if (!match) return undefined
  const decimals = (value: string | undefined) => (value === undefined ? [] : value.split('.').map(Number))
  if (match[1] !== undefined) return {scheme: 'decimal', parts: decimals(match[1])}
  const letter = match[2]
  const numeral = match[4]
  if (letter !== undefined) {
    const asLetter: SectionNumber = {scheme: 'letter', parts: [letter.charCodeAt(0) - 64, ...decimals(match[3])]}
    const asNumeral = romanValue(letter)
    // `I.`, `V.`, `X.`, `C.` …: a numeral unless it can follow the letter before it (`C.` after `B.2`, `C.1` after `C.`).
    if (asNumeral === undefined || (previous?.scheme === 'letter' && follows(previous, asLetter))) return asLetter
    return {scheme: 'roman', parts: [asNumeral, ...decimals(match[3])]}
  }
  const value = romanValue(numeral!)
  return value === undefined ? undefined : {scheme: 'roman', parts: [value, ...decimals(match[5])]}
}

/**
 * Whether `next` can follow `previous` in an outline: a first child (`2` → `2.1`), or a later
 * part at some level with the same parts above it (`2.1.3` → `2.1.4`, `2.2`, `3`; gaps are fine:
 * a page range or a missed heading leaves them). A new scheme starts a new series (appendices
 * `A`, `B` after chapters `1`, `2`).
 */
export function follows(previous: SectionNumber, next: SectionNumber): boolean {
  if (previous.scheme !== next.scheme) return true
  const p = previous.parts
  const q = next.parts
  for (let i = 0; i < Math.min(p.length, q.length); i++) {
    if (q[i]! > p[i]!) return true
    if (q[i]! < p[i]!) return false
  }
  return q.length > p.length
}

/**
 * The depth each numbered heading takes from its number (parts + 1: `1` → 2, `2.1` → 3,
 * `2.1.3` → 4, at most 6), when the document numbers its headings consistently: at least two
 * numbered headings, each following the one before (see `follows`) or starting a series afresh
 * at a top-level `1` (`I.`, `A.`: parts or volumes that number their chapters anew);
 * `undefined` otherwise (the roles decide). `headings` are in reading order, those the role
 * makes a title left out.
 * `inconsistent` hears of the first heading whose number does not follow the one before.
 */
export function numberedDepths<H extends {text: string}>(
  headings: Iterable<H>,
  inconsistent?: (heading: H, previous: H) => void
): Map<H, number> | undefined {
  const depths = new Map<H, number>()
  let previous: {heading: H; number: SectionNumber} | undefined
  for (const heading of headings) {
    if (typeof heading.text !== 'string') continue
    const number = sectionNumber(heading.text, previous?.number)
    if (number === undefined) continue
    const restarts = number.parts.length === 1 && number.parts[0] === 1
    if (previous !== undefined && !restarts && !follows(previous.number, number)) {
      inconsistent?.(heading, previous.heading)
      return undefined
    }
    depths.set(heading, Math.min(6, number.parts.length + 1))
    previous = {heading, number}
  }
  return depths.size >= 2 ? depths : undefined
}
