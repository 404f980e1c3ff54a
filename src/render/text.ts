import type {Paragraph, PhrasingContent, Text} from 'mdast'

// Most texts have no line break; testing for one first spares the regular expressions below.
const hasLineBreak = (text: string) => text.includes('\n') || text.includes('\r')

/**
 * Text for a phrasing context: line ends normalised to `\n`, blank lines and the spaces around
 * line breaks dropped (markdown would drop them or read them as structure: a hard break, a new
 * paragraph). The words and their order are never touched.
 */
export function phrasingText(text: string): string {
  const value = withoutNul(text)
  return (hasLineBreak(value) ? value.replace(/[ \t]*(?:\r\n?|\n)\s*/g, '\n') : value).trim()
}

/** CommonMark readers turn U+0000 into U+FFFD; doing it here keeps the output honest about it. */
export function withoutNul(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text
}

/** Text for a one-line context (a heading, a table cell): every whitespace run with a line break becomes a space. */
export function singleLine(text: string): string {
  const value = withoutNul(text)
  return (hasLineBreak(value) ? value.replace(/\s*(?:\r\n?|\n)\s*/g, ' ') : value).trim()
}

export const text = (value: string): Text => ({type: 'text', value})

/** A paragraph of the given phrasing, or nothing when there is no text. */
export function paragraph(children: PhrasingContent[]): Paragraph[] {
  return children.length === 0 ? [] : [{type: 'paragraph', children}]
}

/** Paragraphs of a block's text: blank lines separate paragraphs, nothing is dropped. */
export function textParagraphs(value: string): Paragraph[] {
  const parts = hasLineBreak(value) ? value.split(/\r?\n[ \t]*(?:\r?\n\s*)+/) : [value]
  return parts
    .map(phrasingText)
    .filter((part) => part !== '')
    .map((part) => ({type: 'paragraph', children: [text(part)]}))
}

/** Deterministic, locale-free number text: shortest round-trip form, `-0` as `0`. */
export function formatNumber(value: number): string {
  return Object.is(value, -0) ? '0' : String(value)
}
