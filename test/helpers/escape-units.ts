// What an escape is, for the minimality checks (test/render/minimality.ts) and the audit of real
// documents (scripts/escape-audit.ts): no test framework here, so a script can import it.

/**
 * The backslash escapes in `markdown`, line starts and ordered-list delimiters included, as
 * units: the backslashes of one delimiter run (`\\*\\*`, `\\~\\~`, `\\$\\$`) are one escape, the
 * run's, since a part of a run is a run of another length.
 */
export function escapesOf(markdown: string): number[][] {
  const units: number[][] = []
  let last: {unit: number[]; char: string; end: number} | undefined
  for (let i = 0; i < markdown.length; i++) {
    const next = markdown[i + 1] ?? ''
    if (markdown.charCodeAt(i) !== 92 || !/[!-/:-@[-`{-~]/.test(next)) continue
    // A backslash's escape before another escape (a `\` before `*`) is needed by that one: one unit.
    if (last && last.end === i && (last.char === '\\' || (last.char === next && '*_~$`'.includes(next)))) {
      last.unit.push(i)
      last.char = next
    } else units.push((last = {unit: [i], char: next, end: i}).unit)
    last.end = i + 2
    i++
  }
  return units
}
