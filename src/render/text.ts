import type {Paragraph, PhrasingContent, Text} from 'mdast'

// Every function here is one pass over its text (no regular expression that could backtrack
// over a long run of spaces or line endings).

// Most texts have no line break; testing for one first spares the splitting below.
const hasLineBreak = (text: string) => text.includes('\n') || text.includes('\r')
const lineEnding = /\r\n?|\n/

/**
 * Text for a phrasing context: line ends normalised to `\n`, blank lines and the spaces around
 * line breaks dropped (markdown would drop them or read them as structure: a hard break, a new
 * paragraph). The words and their order are never touched.
 */
export function phrasingText(text: string): string {
  const value = withoutNul(text)
  if (!hasLineBreak(value)) return value.trim()
  const lines = value.split(lineEnding)
  const kept: string[] = []
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!
    if (i > 0) line = line.trimStart()
    if (i < lines.length - 1) line = trimSpacesAndTabsEnd(line)
    if (i === 0 || line !== '') kept.push(line)
  }
  return kept.join('\n').trim()
}

/**
 * U+0000 and lone surrogates as U+FFFD: CommonMark readers turn U+0000 into U+FFFD, and a lone
 * surrogate becomes U+FFFD once the markdown is written as UTF-8 (a document's JSON may hold one:
 * `"\ud800"`). Doing it here escapes what is written, not what the string was: U+FFFD is
 * punctuation to every reader, a lone surrogate to none but markdown-it.
 */
export function withoutNul(text: string): string {
  const value = text.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text
  return value.isWellFormed() ? value : value.toWellFormed()
}

/** Text for a one-line context (a heading, a table cell): every whitespace run with a line break becomes a space. */
export function singleLine(text: string): string {
  const value = withoutNul(text)
  if (!hasLineBreak(value)) return value.trim()
  const lines = value.split(lineEnding)
  const kept: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const trimmed = i === 0 ? line.trimEnd() : i === lines.length - 1 ? line.trimStart() : line.trim()
    if (trimmed !== '') kept.push(trimmed)
  }
  return kept.join(' ').trim()
}

function trimSpacesAndTabsEnd(line: string): string {
  let end = line.length
  while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--
  return end === line.length ? line : line.slice(0, end)
}

/** Whether a line holds only spaces and tabs (a blank line between paragraphs). */
function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) return false
  return true
}

export const text = (value: string): Text => ({type: 'text', value})

/** A paragraph of the given phrasing, or nothing when there is no text. */
export function paragraph(children: PhrasingContent[]): Paragraph[] {
  return children.length === 0 ? [] : [{type: 'paragraph', children}]
}

/** Paragraphs of a block's text: blank lines separate paragraphs, nothing is dropped. */
export function textParagraphs(value: string): Paragraph[] {
  return paragraphTexts(value).map((content) => ({type: 'paragraph', children: [text(content)]}))
}

/** The text of each paragraph of a block's text (see `textParagraphs`), none empty. */
export function paragraphTexts(value: string): string[] {
  const out: string[] = []
  if (!hasLineBreak(value)) {
    // `phrasingText` without its second look for a line break.
    const content = withoutNul(value).trim()
    return content === '' ? out : [content]
  }
  let part: string[] = []
  const flush = () => {
    const content = phrasingText(part.join('\n'))
    if (content !== '') out.push(content)
    part = []
  }
  for (const line of value.split(lineEnding)) {
    if (!isBlank(line)) part.push(line)
    else if (part.length > 0) flush()
  }
  if (part.length > 0) flush()
  return out
}

/** Deterministic, locale-free number text: shortest round-trip form, `-0` as `0`. */
export function formatNumber(value: number): string {
  return Object.is(value, -0) ? '0' : String(value)
}
