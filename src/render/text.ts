import type {Paragraph, PhrasingContent, Text} from 'mdast'

/**
 * Text for a phrasing context: line ends normalised to `\n`, blank lines and the spaces around
 * line breaks dropped (markdown would drop them or read them as structure: a hard break, a new
 * paragraph). The words and their order are never touched.
 */
export function phrasingText(text: string): string {
  return withoutNul(text)
    .replace(/[ \t]*(?:\r\n?|\n)\s*/g, '\n')
    .trim()
}

/** CommonMark readers turn U+0000 into U+FFFD; doing it here keeps the output honest about it. */
export function withoutNul(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text
}

/** Text for a one-line context (a heading, a table cell): every whitespace run with a line break becomes a space. */
export function singleLine(text: string): string {
  return withoutNul(text)
    .replace(/\s*(?:\r\n?|\n)\s*/g, ' ')
    .trim()
}

export const text = (value: string): Text => ({type: 'text', value})

/** A paragraph of the given phrasing, or nothing when there is no text. */
export function paragraph(children: PhrasingContent[]): Paragraph[] {
  return children.length === 0 ? [] : [{type: 'paragraph', children}]
}

/** Paragraphs of a block's text: blank lines separate paragraphs, nothing is dropped. */
export function textParagraphs(value: string): Paragraph[] {
  return value
    .split(/\r?\n[ \t]*(?:\r?\n\s*)+/)
    .map(phrasingText)
    .filter((part) => part !== '')
    .map((part) => ({type: 'paragraph', children: [text(part)]}))
}

/** Deterministic, locale-free number text: shortest round-trip form, `-0` as `0`. */
export function formatNumber(value: number): string {
  return Object.is(value, -0) ? '0' : String(value)
}
