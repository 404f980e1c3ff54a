/**
 * C0 controls but newline and tab, DEL, C1 controls (0x9b is a one-byte CSI), and the bidi and
 * line-separator characters that reorder or split what a terminal shows.
 */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** Shows control characters as `\u001b` so text from a document or a server cannot drive the terminal. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * A file name as messages and reports show it: a newline in it (which `escapeControl` keeps, for
 * text of many lines) spelled `\u000a`, so a name cannot end its line and forge the next one
 * (`x\nok: y.json is a valid document`).
 */
export const oneLineName = (name: string): string => name.replaceAll('\n', '\\u000a')
