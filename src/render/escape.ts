import {characterEntities} from 'character-entities'

/**
 * The one escaping function for text from a document: a backslash (or a character reference)
 * only where some reader — micromark (remark, with GFM and math), commonmark.js or markdown-it —
 * would take the character as markup in that context, so that the text reads back literally
 * and inert everywhere and unchanged to the eye. Where readers disagree, the stricter decides.
 * The rules (the README's table lists them with the reader that needs each):
 *
 * - at the start of a line: what would begin a block construct there in some reader, as exactly
 *   as the readers decide it (see `lineStartMark`: a list marker, on a continuation line only one
 *   with content, of numbers only `1.`/`1)`; a thematic break; on a continuation line a setext
 *   underline or a table delimiter row under a header row of as many cells; `>`, ATX `#`s,
 *   fences, `$$`, HTML blocks of types 1–6; a footnote definition's `[`, on a first line a
 *   definition's, in a list item's first line a task box's), a leading space or tab as a
 *   character reference; the last space or tab before a line ending as a reference (no hard
 *   break); a line after a blank line (a custom tree's text may hold one) as a paragraph's first
 *   line (a definition, any list item, micromark's HTML block of a lone tag can start there). So
 *   no definition, fence, table or HTML block can come from document text, and a `|` needs
 *   nothing outside table cells;
 * - `[` only when it could open a link or an image: when a `]` that would close it is followed
 *   by `(…)` that ends an inline link (every `[` still open there); reference links need a
 *   definition, and none can exist;
 * - `*`, `_`, `~` only for a run that can close (CommonMark's flanking rules with Unicode
 *   whitespace and punctuation, the rule of three, micromark's runs next to `~`; strikethrough
 *   pairs by length) after an opener of the same character that was left as it is, in the same
 *   reader (a `~` or `~~` inside an autolink literal micromark reads whole is text to it); a lone
 *   opener needs nothing. Between `*` delimiters (emphasis, strong; a whole paragraph) the
 *   opening one counts as a live opener and a `*` run gets a backslash where it touches a
 *   delimiter, could close an opener (the delimiter's too), or could open where the closing
 *   delimiter could close it: so nothing inside pairs, and the delimiters pair with each other
 *   (left alone: a run that can both open and close whose length and the delimiter's add up to a
 *   multiple of 3, `*a**b*`, `**2*3**`);
 * - `` ` `` and `$` (remark-math's inline math) only for a run that a later run of the same
 *   length would close;
 * - in a table cell (commonmark.js, without tables, reads the table as one paragraph) every `` ` ``
 *   run, a `[` with a `](` after it in the cell or (with the table's `TableEscapes`) in a later
 *   cell, a `<` before a letter, `/`, `!` or `?` with a `>` in a later cell, and with the
 *   `TableEscapes` a `*` or `_` run that could also close an earlier cell's opener there (without
 *   it, every `*` `_` `~` run that can open or close); in a link's text every `` ` `` and `$` run
 *   and `[` (the title after it is read too);
 * - `<` before what could start HTML or an autolink when a `>` follows (a tag name, `</`, `<!`,
 *   `<?`, `<scheme:…>`, an e-mail address), read as written: a backslash already marked in an
 *   attribute's name or an address breaks it (`x <a _b\_>`); at a paragraph's start also
 *   micromark's HTML block of a tag alone on its line (see `flowTagAt`); `&` before what could be a character reference; `\` before ASCII punctuation, a
 *   line ending or an escape; `]` in a link's text; `|` in a table cell (a link's or image's text
 *   there too, not elsewhere); a heading's trailing `#`s;
 * - GFM autolink literals (`www.`, `http://`, `https://`, e-mail addresses) stay as they are,
 *   so a GFM reader links the very text shown, unless micromark's tokenizer would take an
 *   escape into the link (it reads up to the next space: `www.x.y\<img>` links `www.x.y\` and
 *   leaves `<img>` live); then `www\.`/`http\:` breaks it. An `xmpp:` address must reach remark
 *   split by micromark's own e-mail link (its text transform would link the whole `xmpp:` URI
 *   otherwise), so an unclosed `[` before it gets its backslash.
 *
 * Every escape is valid CommonMark (a backslash before ASCII punctuation, or a character
 * reference), and a backslash keeps the flanking class of what it escapes. Linear: a constant
 * number of passes, pairing questions answered from precomputed counts.
 */
export function escapeText(value: string, options: EscapeOptions = {}): string {
  if (options.mixed) return escapeEverywhere(value, options)
  const {lineStart = true, heading = false, label = false, cell = false, delimited = false, table, listItem = false} = options
  const length = value.length
  // Most texts hold nothing that can be markup past their start: only the line start to decide.
  if (!markable(value) && !(heading && value.charCodeAt(length - 1) === 35)) return lineStart ? escapeLineStart(value, listItem) : value
  // Or holds only characters inert in a paragraph (a list item's, a block quote's…: see `inertIn`).
  if (!heading && !label && !cell && !delimited && inertIn(value)) return lineStart ? escapeLineStart(value, listItem) : value
  // 0: as it is; BACKSLASH: a backslash before it; REFERENCE: written as a character reference.
  const marks = marksOf(length)
  const hashes = heading ? trailingHashes(value) : -1
  // The edges: a block's start and end read as whitespace; delimiters and brackets as punctuation.
  const edge = delimited || label ? PUNCTUATION : WHITESPACE

  // Line starts and ends (most texts have one line: only its start).
  const flags = itemFlags(listItem) | (cell ? ESCAPED_PIPES : 0) | (lineStart ? 0 : MID_LINE)
  const lines = value.includes('\n') || value.includes('\r')
  if (!lines && lineStart && length > 0) {
    const code = value.charCodeAt(0)
    if (code === 32 || code === 9) marks[0] = REFERENCE
    else {
      const at = lineStartMark(value, 0, length, false, flags)
      if (at !== -1) marks[at] = BACKSLASH
    }
  }
  const carriageReturns = lines && value.includes('\r')
  // Lines after a blank line (a custom tree's text may hold one): each starts a paragraph, where
  // more can begin than on a continuation line.
  let starts: Set<number> | undefined
  if (lines && !carriageReturns) {
    // Line by line (a native search for each line ending).
    for (let start = 0, blankBefore = false; start <= length; ) {
      let end = value.indexOf('\n', start)
      if (end === -1) end = length
      if (start < end && (start > 0 || lineStart)) {
        const code = value.charCodeAt(start)
        if (blankBefore) (starts ??= new Set()).add(start)
        if (code === 32 || code === 9) marks[start] = REFERENCE
        else {
          const at = lineStartMark(value, start, end, start > 0 ? !blankBefore : !lineStart, flags)
          if (at !== -1) marks[at] = BACKSLASH
        }
      }
      blankBefore = start === end && (start > 0 || lineStart)
      if (end < length && end > start) {
        const last = value.charCodeAt(end - 1)
        if (last === 32 || last === 9) marks[end - 1] = REFERENCE
      }
      start = end + 1
    }
  }
  let atLineStart = lineStart
  for (let i = 0; carriageReturns && i < length; i++) {
    const code = value.charCodeAt(i)
    if (code === 10 || code === 13) {
      atLineStart = true
      continue
    }
    if (atLineStart) {
      atLineStart = false
      const blankBefore = i > 0 && blankLineBefore(value, i, lineStart)
      if (blankBefore) (starts ??= new Set()).add(i)
      if (code === 32 || code === 9) marks[i] = REFERENCE
      else {
        // A line after a line ending in the text continues a paragraph (unless a blank line is
        // between): what cannot interrupt one needs nothing there.
        const at = lineStartMark(value, i, lineEndAt(value, i), i > 0 ? !blankBefore : !lineStart, flags)
        if (at !== -1) marks[at] = BACKSLASH
      }
    } else if (code === 32 || code === 9) {
      const next = value.charCodeAt(i + 1)
      if (next === 10 || next === 13) marks[i] = REFERENCE
    }
  }

  // A definition on the first line (`[a]: <b …`) is decided after the `<` pass, which may leave the
  // `<` of its destination as it is (then a `<…>` destination) where the text alone has a tag.
  const definition = lineStart && value.charCodeAt(0) === 91 && definitionFirst(value, flags)
  if (definition) marks[0] = 0

  // Runs of `` ` `` and `$`: a run needs its backslashes when a later run of the same length
  // would close it (a backward pass records the lengths seen). In a link's text every run (a
  // run in the title could close it). In a table cell every backtick run, every `[` and (without
  // the table's `TableEscapes`) every delimiter run that can open or close: commonmark.js,
  // without tables, reads the whole table as one paragraph, where they could pair with another
  // cell's.
  if (value.includes('`') || value.includes('$')) {
    const later = {96: new Set<number>(), 36: new Set<number>()} as Record<number, Set<number>>
    for (let end = length; end > 0; ) {
      const code = value.charCodeAt(end - 1)
      if (code !== 96 && code !== 36) {
        end--
        continue
      }
      let start = end - 1
      while (start > 0 && value.charCodeAt(start - 1) === code) start--
      // A line start's backslash leaves the rest of the run an opener of its own; as a closer
      // the whole run counts (inside a code span or math a backslash is no escape).
      const first = marks[start] === 0 ? start : start + 1
      const lineStartRun = first === start && (start === 0 ? lineStart : value.charCodeAt(start - 1) === 10 || value.charCodeAt(start - 1) === 13)
      // In a cell every backtick run (commonmark.js reads the table as a paragraph), but `$` runs
      // as anywhere: no reader without tables reads math, and those with tables split cells first.
      const everyRun = label || (cell && code === 96)
      if (end > first && (everyRun || later[code]!.has(end - first))) {
        if (lineStartRun && !everyRun && end - start > 1 && !later[code]!.has(end - start - 1)) {
          // At a line start one backslash does (the line start's, as above) when nothing closes the rest.
          marks[start] = BACKSLASH
          later[code]!.add(end - start)
          end = start
          continue
        }
        for (let k = first; k < end; k++) marks[k] = BACKSLASH
        // Escaped, the run is runs of one (each after a backslash).
        later[code]!.add(1)
      } else later[code]!.add(end - start)
      end = start
    }
  }

  // Delimiter runs of `*`, `_`, `~` (see `markDelimiters`). A `~` or `~~` inside a GFM autolink
  // literal is no delimiter to micromark (and a single `~` is none to the others), but whether a
  // literal stays whole depends on every escape: with a `~` and a literal in the text, the marks
  // before this pass are kept for a second try (below).
  const tildeInLiteral = !cell && !label && value.includes('~') && AUTOLINK.test(value)
  const beforeDelimiters = tildeInLiteral ? savedCopy(marks) : undefined
  // Whether a `~` run got a backslash (else the second try could change nothing).
  const around = delimited === true ? EITHER : delimited === false ? 0 : delimited
  const escapedTilde = markDelimiters(value, marks, edge, label, cell && table === undefined, around, undefined, table?.openers)
  // The backslashes marked so far (line starts', code spans', delimiter runs') are in the text the
  // readers see: one in a tag's attribute name or an address already breaks what a `<` before it
  // would start (`x <a _b\_>`), so that `<` needs none. The bracket pass (which reads a `<` after
  // `](` as the `<` pass will decide it) and the `<` pass see the same ones; with a second try
  // below, which may take some back, neither does. (Brackets' backslashes break nothing there: a
  // `[` is in no name.)
  const written = beforeDelimiters !== undefined && escapedTilde ? undefined : marks

  // Brackets: every `[` still open where a `]` is followed by `(`. An `xmpp:` address after an
  // open `[` would not be split by micromark (see above): those `[`s too.
  const xmpp = xmppStarts(value)
  if (value.includes('[')) {
    const open: number[] = []
    let nextXmpp = 0
    const lastGt = value.lastIndexOf('>')
    // In a cell a `[` could open a link with a `](` later in the table (commonmark.js reads it as
    // one paragraph): in this cell after it, or in a later one (asked once, when needed).
    const linkInCell = cell ? value.lastIndexOf('](') : -1
    let linkLater: boolean | undefined
    // From bracket to bracket: a native search for each kind.
    let nextOpen = value.indexOf('[')
    let nextClose = value.indexOf(']')
    while (nextOpen !== -1 || nextClose !== -1) {
      const i = nextClose === -1 || (nextOpen !== -1 && nextOpen < nextClose) ? nextOpen : nextClose
      if (nextXmpp < xmpp.length) nextXmpp = closeXmppBefore(xmpp, nextXmpp, i, open, marks)
      if (i === nextOpen) {
        nextOpen = value.indexOf('[', i + 1)
        if (label || (cell && (i < linkInCell || (linkLater ??= table?.later?.('](') ?? true))) || marks[i] !== 0) marks[i] = BACKSLASH
        else open.push(i)
      } else {
        nextClose = value.indexOf(']', i + 1)
        if (open.length === 0) continue
        if (codeAt(value, i + 1) === 40 && inlineLinkFollows(value, i + 2, lastGt, written)) {
          for (const k of open) marks[k] = BACKSLASH
          open.length = 0
        } else open.pop()
      }
    }
    if (nextXmpp < xmpp.length) closeXmppBefore(xmpp, nextXmpp, length, open, marks)
  }

  // Characters decided by what follows them, and the constant ones (each found by a native search).
  // In a link's text a `>` may follow in the title.
  // (`lastIndexOf` is a slow call in V8, `includes` a fast one: searched only when there is a `<`.)
  if (value.includes('<')) {
    const lastGt = label ? length : value.lastIndexOf('>')
    // Whether a later cell holds a `>` (asked once, when needed).
    let gtLater: boolean | undefined
    for (let i = value.indexOf('<'); i !== -1; i = value.indexOf('<', i + 1)) {
      // `<![CDATA[` with a bracket escaped (a link's) is no CDATA: its `<` needs nothing (at a line start either).
      if (codeAt(value, i + 1) === 33 && codeAt(value, i + 2) === 91 && (marks[i + 2] !== 0 || (marks[i + 8] !== 0 && value.startsWith('[CDATA[', i + 2))))
        marks[i] = 0
      // In a cell, whatever could start a tag, comment or declaration when a later cell holds a
      // `>`: commonmark.js, which has no tables, reads the table as a paragraph, and a tag's end
      // may be in a later cell (within the cell, as anywhere).
      else if (
        marks[i] === 0 &&
        ((cell && mayStartHtml(codeAt(value, i + 1)) && (gtLater ??= table?.later?.('>') ?? true)) ||
          htmlOrAutolinkFollows(value, i + 1, lastGt, written) ||
          ((i === 0 ? lineStart : starts?.has(i) === true) && flowTagAt(value, i, written)))
      )
        marks[i] = BACKSLASH
    }
  }
  // The first line's definition, read as written (its destination's `<`s decided).
  if (definition && marks[0] === 0 && (definitionAt(value, 0, false, marks) || definitionAt(value, 0, true, marks))) marks[0] = BACKSLASH
  // A paragraph's after a blank line: decided on the text alone (`lineStartMark`) and again as written.
  if (starts !== undefined)
    for (const at of starts)
      if (value.charCodeAt(at) === 91 && marks[at] === 0 && (definitionAt(value, at, false, marks) || definitionAt(value, at, true, marks))) marks[at] = BACKSLASH
  for (let i = value.indexOf('&'); i !== -1; i = value.indexOf('&', i + 1)) if (entityFollows(value, i + 1)) marks[i] = BACKSLASH
  // `]` ends a link's text; `|` a table cell (a link's text in a cell too: the cell is split first).
  if (label) for (let i = value.indexOf(']'); i !== -1; i = value.indexOf(']', i + 1)) marks[i] = BACKSLASH
  if (cell) for (let i = value.indexOf('|'); i !== -1; i = value.indexOf('|', i + 1)) marks[i] = BACKSLASH
  // A heading's closing sequence.
  if (hashes !== -1) marks[hashes] = BACKSLASH

  // `\` before ASCII punctuation, a line ending, an escape; at the end where a delimiter follows.
  for (let i = value.includes('\\') ? value.lastIndexOf('\\') : -1; i !== -1; i = i === 0 ? -1 : value.lastIndexOf('\\', i - 1)) {
    if (marks[i] !== 0) continue
    const next = value.charCodeAt(i + 1)
    if (i + 1 === length ? edge === PUNCTUATION : marks[i + 1] !== 0 || isAsciiPunctuation(next) || next === 10 || next === 13)
      marks[i] = BACKSLASH
  }

  // The second try: the `~` and `~~` runs inside literals that stay whole taken as text, kept only
  // if every one of them is still inside a whole literal with the marks it gives (else the first
  // try stands: it counts every `~` as a delimiter). A constant number of passes: linear.
  if (beforeDelimiters !== undefined && escapedTilde) {
    const inert = inertTildes(value, marks)
    if (inert !== undefined) {
      const retried = marks.slice()
      // Only delimiter runs were marked by the first pass (`\` before a `~` is escaped either way).
      for (let i = 0; i < length; i++) {
        const code = value.charCodeAt(i)
        if (code === 42 || code === 95 || code === 126) retried[i] = beforeDelimiters[i]!
      }
      markDelimiters(value, retried, edge, label, cell, around, inert)
      const still = inertTildes(value, retried)
      let kept = still !== undefined
      for (let i = inert.indexOf(1); kept && i !== -1; i = inert.indexOf(1, i + 1)) kept = still![i] === 1
      if (kept) marks.set(retried)
    }
  }

  // No mark at all (most texts that got this far): nothing to write, no literal to break.
  if (marks.indexOf(BACKSLASH) === -1 && marks.indexOf(REFERENCE) === -1) return value
  breakAutolinks(value, marks, undefined, starts)

  // From mark to mark: a native search for each kind, each resumed only once passed.
  const parts: string[] = []
  let from = 0
  let backslash = marks.indexOf(BACKSLASH)
  let ref = marks.indexOf(REFERENCE)
  while (backslash !== -1 || ref !== -1) {
    const i = ref === -1 || (backslash !== -1 && backslash < ref) ? backslash : ref
    if (i === backslash) {
      parts.push(value.slice(from, i), '\\')
      from = i
      backslash = marks.indexOf(BACKSLASH, i + 1)
    } else {
      parts.push(value.slice(from, i), reference(value.charCodeAt(i)))
      from = i + 1
      ref = marks.indexOf(REFERENCE, i + 1)
    }
  }
  parts.push(value.slice(from))
  return parts.join('')
}

/**
 * `escapeText(value)` of a text with nothing markable past its start (a plain one, see
 * `isPlain`): the escape its line start needs, if any.
 */
export function escapeLineStart(value: string, listItem: boolean | string = false): string {
  if (value.length === 0) return value
  const code = value.charCodeAt(0)
  if (code === 32 || code === 9) return reference(code) + value.slice(1)
  const at = lineStartMark(value, 0, value.length, false, itemFlags(listItem))
  return at === -1 ? value : value.slice(0, at) + '\\' + value.slice(at)
}

/**
 * Delimiter runs of `*`, `_`, `~`: a closer after a live opener of its character that it could
 * match (for `*` and `_`, CommonMark's rule of three), counted by run length modulo 3 and
 * whether the opener can close too. `inert`: the single `~` runs that are text (inside an
 * autolink literal micromark reads whole; see `inertTildes`).
 */
function markDelimiters(
  value: string,
  marks: Uint8Array,
  edge: number,
  label: boolean,
  cell: boolean,
  around: number,
  inert: Uint8Array | undefined,
  table?: Uint32Array
): boolean {
  if (!value.includes('*') && !value.includes('_') && !value.includes('~')) return false
  const length = value.length
  let escapedTilde = false
  // Live openers, six buckets per character, 18 buckets per reader (see `closesAny`): micromark's, commonmark.js's (`CM`), markdown-it's (`MI`).
  const live = liveOpeners.fill(0)
  // In a table's cell, commonmark.js's `*` and `_` openers of the cells before it (it reads the
  // table as one paragraph; the GFM readers read each cell alone).
  if (table !== undefined) live.set(table, CM)
  // Between `*` delimiters: the opening one is a live `*` opener in every reader (it can only
  // open: a line start before it, text after it) until the closing one pairs with it.
  if (around !== 0)
    for (let size = around === EITHER ? 1 : around; size <= (around === EITHER ? 2 : around); size++) {
      live[(size % 3) * 2]!++
      live[CM + (size % 3) * 2]!++
      live[MI + (size % 3) * 2]!++
    }
  // A `*` or `_` opener counted (micromark's reading) only for the `~` run right after it: where
  // that run ends, its bucket then, and its bucket without the `~` (-1: no opener then).
  let tildeOpenerEnd = -1
  let tildeOpenerBucket = 0
  let plainOpenerBucket = -1
  // From run to run: a native search.
  const delimiter = DELIMITER
  delimiter.lastIndex = 0
  for (let found = delimiter.exec(value); found !== null; found = delimiter.exec(value)) {
    let i = found.index
    const code = value.charCodeAt(i)
    let end = i + 1
    while (end < length && value.charCodeAt(end) === code) end++
    delimiter.lastIndex = end
    // Text inside a literal micromark reads whole: a single `~` to every reader (only micromark
    // pairs those), a `~~` to micromark (markdown-it's reading below stands).
    const inLiteral = inert !== undefined && inert[i] === 1
    if (inLiteral && end - i === 1) continue
    if (marks[i] !== 0) {
      // A line start's backslash: the rest of the run is a run of its own, after punctuation.
      if (end === i + 1) continue
      i++
    }
    // micromark and commonmark.js class UTF-16 units: an astral character (an emoji, a symbol)
    // is neither whitespace nor punctuation to them; markdown-it classes it whole (below).
    const astralBefore = i > 0 && isSurrogate(value.charCodeAt(i - 1))
    const astralAfter = end < length && isSurrogate(value.charCodeAt(end))
    const before = i === 0 ? edge : marks[i - 1] === REFERENCE ? PUNCTUATION : astralBefore ? OTHER : classBefore(value, i)
    const after = end === length ? edge : marks[end] === REFERENCE ? PUNCTUATION : astralAfter ? OTHER : classAt(value, end)
    // micromark with GFM: a `*` or `_` run next to a `~` may open (before it) or close (after it) too.
    const tildeAfter = code !== 126 && codeAt(value, end) === 126 && marks[end] === 0
    const tildeBefore = code !== 126 && i > 0 && value.charCodeAt(i - 1) === 126
    // (micromark's strikethrough takes runs of one or two `~` only.)
    const sides = code === 126 && (end - i > 2 || inLiteral) ? 0 : flanking(code, before, after, tildeAfter, tildeBefore)
    const canOpen = (sides & OPENS) !== 0
    const canClose = (sides & CLOSES) !== 0
    const base = code === 42 ? 0 : code === 95 ? 6 : 12
    const size = end - i
    // Every run that can open or close in a cell (without the table's context).
    const always = cell
    // Between `*` delimiters a `*` run that touches one (it would lengthen it), and one that can
    // open where the closing delimiter could close it (in each reader below; a run that can
    // close is a closer of the opening one, counted among the live openers above).
    const outer = around !== 0 && code === 42
    let escape =
      (outer && (i === 0 || end === length)) ||
      (always && (canOpen || canClose)) ||
      (outer && canOpen && outerCloses(size, canClose, around)) ||
      (canClose && (code === 126 ? live[base + tildeBucket(size)]! > 0 : closesAny(live, base, size, canOpen)))
    // markdown-it's reading, where it differs: U+2028, U+2029 and U+FEFF are no whitespace there
    // (they are to micromark and commonmark.js), and an image's alt is parsed as a text of its
    // own (its edges are whitespace).
    const mditBefore = i === 0 ? (label ? WHITESPACE : before) : astralBefore ? pairClassBefore(value, i) : markdownItClass(before, value, i - 1)
    const mditAfter = end === length ? (label ? WHITESPACE : after) : astralAfter ? pairClassAt(value, end) : markdownItClass(after, value, end)
    // (Its strikethrough takes runs of two or more, of any lengths: a single `~` is text to it, as to
    // commonmark.js.) Each reader's closers match its own openers only.
    // (Readings that see the same classes as one before share its answer.)
    const mditDiffers = mditBefore !== before || mditAfter !== after
    const plain = code === 126 ? 0 : tildeAfter || tildeBefore ? flanking(code, before, after, false, false) : sides
    const other =
      code === 126
        ? size === 1
          ? 0
          : mditDiffers || sides === 0
            ? flanking(code, mditBefore, mditAfter, false, false)
            : sides
        : mditDiffers
          ? flanking(code, mditBefore, mditAfter, false, false)
          : plain
    const openOther = (other & OPENS) !== 0
    const closeOther = (other & CLOSES) !== 0
    escape ||=
      (always && (openOther || closeOther)) ||
      (outer && openOther && outerCloses(size, closeOther, around)) ||
      (closeOther && (code === 126 ? live[MI + base + MARKDOWN_IT_TILDES]! > 0 : closesAny(live, MI + base, size, openOther)))
    // commonmark.js: micromark's classes without its `~` rule, and no strikethrough.
    const openPlain = (plain & OPENS) !== 0
    const closePlain = (plain & CLOSES) !== 0
    escape ||= (always && (openPlain || closePlain)) || (outer && openPlain && outerCloses(size, closePlain, around)) || (closePlain && closesAny(live, CM + base, size, openPlain))
    if (escape) {
      for (let k = i; k < end; k++) marks[k] = BACKSLASH
      if (code === 126) escapedTilde = true
      // Escaped, this `~` run is `\` to the run before it: micromark's reading of that one is as without a `~`.
      if (code === 126 && i === tildeOpenerEnd) {
        live[tildeOpenerBucket]!--
        if (plainOpenerBucket !== -1) live[plainOpenerBucket]!++
      }
    } else {
      if (canOpen) live[base + (code === 126 ? tildeBucket(size) : (size % 3) * 2 + (canClose ? 1 : 0))]!++
      if (canOpen && tildeAfter) {
        const without = flanking(code, before, after, false, tildeBefore)
        ;(tildeOpenerEnd = end), (tildeOpenerBucket = base + (size % 3) * 2 + (canClose ? 1 : 0))
        plainOpenerBucket = (without & OPENS) === 0 ? -1 : base + (size % 3) * 2 + ((without & CLOSES) !== 0 ? 1 : 0)
      }
      if (openOther) live[MI + base + (code === 126 ? MARKDOWN_IT_TILDES : (size % 3) * 2 + (closeOther ? 1 : 0))]!++
      if (openPlain) live[CM + base + (size % 3) * 2 + (closePlain ? 1 : 0)]!++
    }
  }
  if (table !== undefined) table.set(live.subarray(CM, CM + TABLE_BUCKETS))
  return escapedTilde
}

/**
 * The buckets of `markDelimiters`, one array for every call (it is never re-entered): a typed
 * array of this size allocated per call costs more than the pass itself on most texts.
 */
const liveOpeners = new Uint32Array(54)

/** commonmark.js's opener buckets a table carries from cell to cell: `*` and `_` (it has no strikethrough). */
const TABLE_BUCKETS = 12

/**
 * What the cells of one table written so far leave for the next (write them in order, row by
 * row): commonmark.js's live `*` and `_` openers. With it a cell's delimiter run gets a
 * backslash only when some reader could pair it (commonmark.js with any earlier cell's run, the
 * GFM readers within the cell); without it, every run that can open or close. And what the
 * cells after the one being escaped hold (`later`, see `laterCells`): a `<` or `[` that could only
 * start something with a later cell (commonmark.js reads the table as one paragraph) needs a
 * backslash only when that cell holds a `>` (every tag, comment, instruction ends at one) or a
 * `](` (an inline link's middle, which no cell boundary can split: cells are written `| a | b |`).
 */
export interface TableEscapes {
  readonly openers: Uint32Array
  /** Whether a cell after the one being escaped holds `what` (`'>'`, `'](`'); without it, assumed. */
  readonly later?: (what: string) => boolean
}

/** A table's escaping context, before its first cell (`later`: see `laterCells`). */
export const tableEscapes = (later?: (what: string) => boolean): TableEscapes => ({openers: new Uint32Array(TABLE_BUCKETS), later})

/**
 * `TableEscapes.later` for a table whose cells, in writing order, `cells()` gives (the text of each
 * as the escaper gets it, or before `singleLine`, which makes no `>` or `](`: it replaces a NUL
 * or a lone surrogate with U+FFFD and joins lines with a space; undefined for one that may hold anything), the one being escaped
 * being `at()` (-1: unknown, any cell counts; asked after `cells()`). `cells()` is called at the
 * first question only (most tables ask none), and each kind of question scans the cells once: linear.
 */
export function laterCells(cells: () => ReadonlyArray<string | undefined>, at: () => number): (what: string) => boolean {
  let list: ReadonlyArray<string | undefined> | undefined
  let lastGt: number | undefined
  let lastLink: number | undefined
  const lastHolding = (what: string) => {
    list ??= cells()
    let index = list.length - 1
    while (index >= 0 && list[index] !== undefined && !list[index]!.includes(what)) index--
    return index
  }
  return (what) => {
    // (The cells first: `at` may need them.)
    const last = what === '>' ? (lastGt ??= lastHolding(what)) : (lastLink ??= lastHolding(what))
    return at() < last
  }
}

/** Every `[` still open gets its backslash before each `xmpp:` address up to `at`; answers the next address's index. */
function closeXmppBefore(xmpp: readonly number[], next: number, at: number, open: number[], marks: Uint8Array): number {
  for (; next < xmpp.length && xmpp[next]! <= at; next++) {
    for (const k of open) marks[k] = BACKSLASH
    open.length = 0
  }
  return next
}

/** Texts up to this long share one buffer of marks (longer ones get their own, dropped after). */
const SHARED_MARKS = 65_536
let sharedMarks = new Uint8Array(1024)

/**
 * Zeroed marks for a text of `length`: a view of the shared buffer (escapeText is never
 * re-entered, so one buffer serves every call and no call allocates a backing store).
 */
function marksOf(length: number): Uint8Array {
  if (length > SHARED_MARKS) return new Uint8Array(length)
  if (sharedMarks.length < length) sharedMarks = new Uint8Array(Math.min(SHARED_MARKS, Math.max(length, sharedMarks.length * 2)))
  const marks = sharedMarks.subarray(0, length)
  marks.fill(0)
  return marks
}

let sharedSaved = new Uint8Array(1024)

/** A copy of `marks` (in a second shared buffer up to `SHARED_MARKS`: no allocation). */
function savedCopy(marks: Uint8Array): Uint8Array {
  if (marks.length > SHARED_MARKS) return marks.slice()
  if (sharedSaved.length < marks.length) sharedSaved = new Uint8Array(Math.min(SHARED_MARKS, Math.max(marks.length, sharedSaved.length * 2)))
  const copy = sharedSaved.subarray(0, marks.length)
  copy.set(marks)
  return copy
}

/**
 * Whether the line before the one that starts at `i` (after a line ending) is blank: empty, and at
 * a line's start (a text's first line is only with `lineStart`). `\r\n` is one line ending.
 */
function blankLineBefore(value: string, i: number, lineStart: boolean): boolean {
  let end = i - 1
  if (value.charCodeAt(end) === 10 && value.charCodeAt(end - 1) === 13) end--
  return end === 0 ? lineStart : isLineEnding(value.charCodeAt(end - 1))
}

/** Where the line that `from` is on ends. */
function lineEndAt(value: string, from: number): number {
  let j = from
  while (j < value.length && value.charCodeAt(j) !== 10 && value.charCodeAt(j) !== 13) j++
  return j
}

/**
 * What at a line start would begin a block construct in some reader, and so gets a backslash (its
 * index), or -1. The line is read as it is written: a space or tab before a line ending in the text
 * becomes a character reference, so it is no whitespace there (the text's end is a line's end).
 * `continuation`: a paragraph's line after its first, where only what interrupts a paragraph counts.
 * - `>` (a block quote); 1–6 `#` before whitespace (an ATX heading); a fence (three or more
 *   backticks with no backtick after them on the line, or tildes); `$$` with no `$` after the run
 *   (display math); an HTML block of types 1–6 (`<script`, `<pre`, `<style`, `<textarea`, `<!--`,
 *   `<?`, `<!` and a letter, `<![CDATA[`, or `<`/`</` and a block name before whitespace, `>`,
 *   `/>` or the line's end; type 7, a whole tag alone, is an inline tag too and gets its backslash
 *   there; it cannot interrupt a paragraph);
 * - `-`, `*`, `_`: three or more and only whitespace (a thematic break); `-`, `+`, `*` before
 *   whitespace (a list item; on a continuation line only with content); up to 9 digits and `.`/`)`
 *   before whitespace (the delimiter: on a continuation line only `1.`/`1)` with content);
 * - on a continuation line: a run of `=` or `-` and whitespace (a setext underline); a table
 *   delimiter row (`|`, `:`, `-` cells) with as many cells as the line before it has in micromark
 *   or markdown-it (a header row; in a cell every such row);
 * - `[`: a GFM footnote definition (`[^label]:`, which interrupts a paragraph); on the first line a
 *   definition (a label that holds no `[` left live, `]:`, a destination: see `definitionAt`), and
 *   in a list item's first line a task box (`[ ]`, `[x]` before content or a line ending).
 * Every scan ends at the line's end (a label's at 1,000 characters, a definition's destination at
 * its line's end), once per line: linear.
 */
function lineStartMark(value: string, i: number, lineEnd: number, continuation: boolean, flags = 0): number {
  const code = value.charCodeAt(i)
  // A line ending follows: a space or tab before it is written as a reference (no whitespace).
  const ended = lineEnd < value.length
  switch (code) {
    case 62: // `>`
      return i
    case 45: // `-`
    case 42: // `*`
    case 43: // `+`
    case 95: {
      // `_`: a thematic break (in a list item's first line, after a bullet `-` or `*` of its own, two do).
      const run = code === 43 ? -1 : breakRun(value, i, lineEnd, ended, code)
      if (run >= 3 || (run === 2 && !continuation && (flags & (code === 45 ? DASH_BULLET : code === 42 ? STAR_BULLET : 0)) !== 0)) return i
      if (code === 95) return -1
      // A list item: on a continuation line not an empty one (it cannot interrupt a paragraph).
      if (spaceAt(value, i + 1, lineEnd, ended) && !(continuation && blankFrom(value, i + 1, lineEnd, ended))) return i
      if (!continuation || code !== 45) return -1
      // A setext underline; a delimiter row.
      if (setextUnderline(value, i, lineEnd, ended, code)) return i
      return delimiterRowFollows(value, i, lineEnd, ended, flags) ? i : -1
    }
    case 61: // `=`
      return continuation && setextUnderline(value, i, lineEnd, ended, code) ? i : -1
    case 58: // `:`
    case 124: // `|`
      return continuation && delimiterRowFollows(value, i, lineEnd, ended, flags) ? i : -1
    case 35: {
      // `#`
      let j = i
      while (j < lineEnd && value.charCodeAt(j) === 35) j++
      return j - i <= 6 && spaceAt(value, j, lineEnd, ended) ? i : -1
    }
    case 96: // `` ` ``
    case 126: {
      // `~`
      let j = i
      while (j < lineEnd && value.charCodeAt(j) === code) j++
      if (j - i < 3) return -1
      // A backtick fence's info string holds no backtick: a backtick before the line's end, as
      // commonmark.js looks for it (`.` in its expression stops at U+2028 and U+2029).
      return code === 126 || !includesBetween(value, 96, j, lineSeparatorFrom(value, j, lineEnd)) ? i : -1
    }
    case 36: {
      // `$`: display math's opening fence (its meta holds no `$`).
      let j = i
      while (j < lineEnd && value.charCodeAt(j) === 36) j++
      return j - i >= 2 && !includesBetween(value, 36, j, lineEnd) ? i : -1
    }
    case 60: // `<`
      return htmlBlockAt(value, i) ? i : -1
    case 91: // `[`
      if (footnoteDefinitionAt(value, i)) return i
      if (continuation) return -1
      // A destination as CommonMark reads it, or as markdown-it does (a backslash takes a tab or control character along).
      return definitionAt(value, i) || definitionAt(value, i, true) || ((flags & LIST_ITEM) !== 0 && taskBoxAt(value, i)) ? i : -1
    default: {
      if (!isDigit(code)) return -1
      let j = i + 1
      while (j < lineEnd && isDigit(value.charCodeAt(j))) j++
      const delimiter = codeAt(value, j)
      if (j - i > 9 || (delimiter !== 46 && delimiter !== 41) || !spaceAt(value, j + 1, lineEnd, ended)) return -1
      return continuation && (Number(value.slice(i, j)) !== 1 || blankFrom(value, j + 1, lineEnd, ended)) ? -1 : j
    }
  }
}

/** `lineStartMark`'s flags: the text opens a list item (a task box can start it); its `|` are escaped (a cell's). */
const LIST_ITEM = 1
const ESCAPED_PIPES = 2
/** The text starts inside a line (after a delimiter, a bracket…): its first line is not all of that line. */
const MID_LINE = 16
/** After a bullet `-` or `*` (unknown: both), whose character makes a thematic break with two more. */
const DASH_BULLET = 4
const STAR_BULLET = 8

/** `lineStartMark`'s flags for a list item's text after `bullet` (`true`: some bullet). */
function itemFlags(bullet: boolean | string): number {
  if (bullet === false) return 0
  return LIST_ITEM | (bullet === true || bullet === '-' ? DASH_BULLET : 0) | (bullet === true || bullet === '*' ? STAR_BULLET : 0)
}

const isSpaceOrTab = (code: number) => code === 32 || code === 9
const isLineEnding = (code: number) => code === 10 || code === 13

/** Whether the line reads whitespace at `j` as written: its end, or a space or tab that is not the last before a line ending. */
const spaceAt = (value: string, j: number, lineEnd: number, ended: boolean) =>
  j >= lineEnd || (isSpaceOrTab(value.charCodeAt(j)) && !(ended && j === lineEnd - 1))

/** Whether the line from `j` is blank as written (before a line ending its last space or tab is a reference: never blank). */
function blankFrom(value: string, j: number, lineEnd: number, ended: boolean): boolean {
  if (j >= lineEnd) return true
  if (ended) return false
  for (; j < lineEnd; j++) if (!isSpaceOrTab(value.charCodeAt(j))) return false
  return true
}

/** Whether `code` occurs in `value` between `from` and `to`. */
/** Whether a tab or another control character (not a line ending) is at `j`: no backslash escapes it, and markdown-it's link destinations take it after one. */
function controlAt(value: string, j: number): boolean {
  const code = value.charCodeAt(j)
  return (code < 32 && code !== 10 && code !== 13) || code === 127
}

/** The first U+2028 or U+2029 from `from` on, else `to`. */
function lineSeparatorFrom(value: string, from: number, to: number): number {
  for (let j = from; j < to; j++) if ((value.charCodeAt(j) | 1) === 0x2029) return j
  return to
}

function includesBetween(value: string, code: number, from: number, to: number): boolean {
  for (let j = from; j < to; j++) if (value.charCodeAt(j) === code) return true
  return false
}

/** How many `code` the line from `i` holds when it holds nothing else but whitespace (as written), or -1. */
function breakRun(value: string, i: number, lineEnd: number, ended: boolean, code: number): number {
  if (ended && isSpaceOrTab(value.charCodeAt(lineEnd - 1))) return -1
  let count = 0
  for (let j = i; j < lineEnd; j++) {
    const c = value.charCodeAt(j)
    if (c === code) count++
    else if (!isSpaceOrTab(c)) return -1
  }
  return count
}

/** Whether the line from `i` is a run of `code` and whitespace (as written): a setext underline. */
function setextUnderline(value: string, i: number, lineEnd: number, ended: boolean, code: number): boolean {
  let j = i
  while (j < lineEnd && value.charCodeAt(j) === code) j++
  return blankFrom(value, j, lineEnd, ended)
}

/**
 * Whether the continuation line from `i` is a GFM table's delimiter row under the line before it:
 * cells of `:`, one or more `-`, `:` between `|`s (the outer ones optional), as many as that line
 * has in micromark (every `|`: none is escaped in a paragraph's text, a `\` before one gets its
 * own backslash) or, if it holds a `|`, in markdown-it (a `|` after a `\` does not count; a list
 * item's bullet is part of its first line). Two passes over two lines.
 */
function delimiterRowFollows(value: string, i: number, lineEnd: number, ended: boolean, flags: number): boolean {
  if (ended && isSpaceOrTab(value.charCodeAt(lineEnd - 1))) return false
  let j = i
  let cells = 0
  // (markdown-it trims each cell with JavaScript's `trim`: Unicode whitespace around a cell too.)
  while (j < lineEnd && isTagSpace(value.charCodeAt(j))) j++
  if (value.charCodeAt(j) === 124) j++
  for (;;) {
    while (j < lineEnd && isTagSpace(value.charCodeAt(j))) j++
    if (j >= lineEnd) break
    if (value.charCodeAt(j) === 58) j++
    const dashes = j
    while (j < lineEnd && value.charCodeAt(j) === 45) j++
    if (j === dashes) return false
    if (value.charCodeAt(j) === 58) j++
    cells++
    while (j < lineEnd && isTagSpace(value.charCodeAt(j))) j++
    if (j >= lineEnd) break
    if (value.charCodeAt(j) !== 124) return false
    j++
  }
  if (cells === 0) return false
  // In a cell: every such row (its `|` are escaped, the line before is not all the header).
  if ((flags & ESCAPED_PIPES) !== 0) return true
  // The header row: the line before, as written (its edges are never whitespace: references).
  let end = i - 1
  if (value.charCodeAt(end) === 10 && value.charCodeAt(end - 1) === 13) end--
  let start = end
  while (start > 0 && value.charCodeAt(start - 1) !== 10 && value.charCodeAt(start - 1) !== 13) start--
  // Under a first line that is not all of its line: every such row.
  if (start === 0 && (flags & MID_LINE) !== 0) return true
  let pipes = 0
  let live = 0
  for (let k = start; k < end; k++) {
    if (value.charCodeAt(k) !== 124) continue
    pipes++
    if (value.charCodeAt(k - 1) !== 92 || k === start) live++
  }
  if (pipes === 0) return cells === 1
  const leading = value.charCodeAt(start) === 124
  const trailing = end - 1 > start && value.charCodeAt(end - 1) === 124
  // micromark: every `|` splits; a lone `|` is no row.
  const micromark = end - start === 1 ? 0 : pipes + 1 - (leading ? 1 : 0) - (trailing ? 1 : 0)
  // markdown-it: a `|` after a `\` is text. Its table rule comes before its list rule: under a list
  // item's first line the header row starts with the bullet (`- a|b`: two cells, `- |a`: two).
  const bullet = start === 0 && (flags & LIST_ITEM) !== 0
  // (It strips an outer `|` at each end of the line trimmed with JavaScript's `trim`, which takes
  // Unicode whitespace too: a lone `|` is both.)
  let first = start
  let last = end
  // (A space or tab at a line's edge is written as a reference, which `trim` keeps.)
  while (first < last && isUnicodeSpace(value.charCodeAt(first))) first++
  while (last > first && isUnicodeSpace(value.charCodeAt(last - 1))) last--
  const leadingIt = value.charCodeAt(first) === 124
  const trailingIt = last > first && value.charCodeAt(last - 1) === 124 && (last - 1 === first || value.charCodeAt(last - 2) !== 92)
  const markdownIt = live + 1 - (leadingIt && !bullet ? 1 : 0) - (trailingIt ? 1 : 0)
  return cells === micromark || cells === markdownIt
}

/** The names that start an HTML block of type 6 (micromark's, commonmark.js's and markdown-it's lists: the same), and of type 1. */
const HTML_BLOCK_NAMES = new Set(
  (
    'address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt fieldset ' +
    'figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem ' +
    'nav noframes ol optgroup option p param search section summary table tbody td tfoot th thead title tr track ul'
  ).split(' ')
)
const HTML_RAW_NAMES = new Set(['pre', 'script', 'style', 'textarea'])
/** What JavaScript's `trim` takes but a line's edge keeps as written: whitespace other than a space or tab (NBSP, U+3000, U+FEFF, …). */
const isUnicodeSpace = (code: number) => code !== 32 && code !== 9 && isTagSpace(code)

/**
 * Whether an HTML block of types 1–6 starts at the `<` at `i` (CommonMark's start conditions, as
 * each reader has them; whitespace after a name is JavaScript's `\s` for commonmark.js and
 * markdown-it, a space, tab or line ending for micromark: the first covers both).
 */
function htmlBlockAt(value: string, i: number): boolean {
  const next = value.charCodeAt(i + 1)
  if (next === 63) return true // `<?`
  if (next === 33) {
    // `<!--`, `<!` and a letter, `<![CDATA[`
    const c = value.charCodeAt(i + 2)
    return (c === 45 && value.charCodeAt(i + 3) === 45) || isAsciiLetter(c) || value.startsWith('[CDATA[', i + 2)
  }
  const closing = next === 47
  const from = closing ? i + 2 : i + 1
  if (!isAsciiLetter(value.charCodeAt(from))) return false
  let j = from + 1
  // No block name is longer than 10 characters.
  while (j - from <= 10 && isAlphanumeric(value.charCodeAt(j))) j++
  if (j - from > 10) return false
  const name = value.slice(from, j).toLowerCase()
  const after = value.charCodeAt(j)
  // (A line ending is whitespace too; the last space or tab before one is a reference.)
  const ends = j >= value.length || after === 62 || (unicodeWhitespace.test(value[j]!) && !(isSpaceOrTab(after) && isLineEnding(value.charCodeAt(j + 1))))
  if (!closing && ends && HTML_RAW_NAMES.has(name)) return true
  return HTML_BLOCK_NAMES.has(name) && (ends || (after === 47 && value.charCodeAt(j + 1) === 62))
}

/**
 * Whether a GFM footnote definition starts at the `[` at `i` (micromark reads one anywhere a
 * line starts, interrupting a paragraph): `[^`, 1–999 characters but whitespace and brackets, `]:`.
 */
function footnoteDefinitionAt(value: string, i: number): boolean {
  if (value.charCodeAt(i + 1) !== 94) return false
  const limit = Math.min(value.length, i + 1002)
  let j = i + 2
  for (; j < limit; j++) {
    const c = value.charCodeAt(j)
    if (c === 93) break
    if (c === 91 || c === 32 || c === 9 || c === 10 || c === 13) return false
  }
  return j > i + 2 && j < limit && value.charCodeAt(j + 1) === 58
}

/**
 * Whether a link reference definition starts at the `[` at `i` (a paragraph's first line: none
 * interrupts a paragraph), as written: a label of up to 999 characters, not blank, with no `[`
 * left live (one at a line start is escaped only for a footnote definition; a `\` in the text
 * gets a backslash of its own, so it escapes nothing), `]:`, spaces or tabs and at most one line
 * ending, a destination (`<…>` on one line, unless its `<` is escaped as HTML; else up to
 * whitespace, parentheses balanced, no control character), then the line's end, or whitespace,
 * a title (`"…"`, `'…'`, `(…)`) and the line's end. One scan from `i` (once per text: its first line;
 * with a `<` in the text, after the `<` pass, its `<`s read as `written`).
 */
function definitionAt(value: string, i: number, markdownIt = false, written?: Uint8Array): boolean {
  const limit = Math.min(value.length, i + 1001)
  let blank = true
  let j = i + 1
  for (; j < limit; j++) {
    const c = value.charCodeAt(j)
    if (c === 93) break
    if (c === 91) {
      const previous = value.charCodeAt(j - 1)
      if (!((previous === 10 || previous === 13) && footnoteDefinitionAt(value, j))) return false
    }
    // (A space or tab beside a line ending is written as a reference: no blank.)
    if (isSpaceOrTab(c) ? isLineEnding(value.charCodeAt(j + 1)) || isLineEnding(value.charCodeAt(j - 1)) : !isLineEnding(c)) blank = false
  }
  if (j >= limit || blank || value.charCodeAt(j + 1) !== 58) return false
  // Spaces or tabs and at most one line ending (a line is written with no leading whitespace).
  let k = j + 2
  let lineEnd = lineEndAt(value, k)
  let ended = lineEnd < value.length
  while (k < lineEnd && spaceAt(value, k, lineEnd, ended)) k++
  let lineStart = false
  if (k >= lineEnd) {
    if (!ended) return false
    k += value.charCodeAt(k) === 13 && value.charCodeAt(k + 1) === 10 ? 2 : 1
    lineEnd = lineEndAt(value, k)
    ended = lineEnd < value.length
    if (k >= lineEnd) return false
    lineStart = true
  }
  const lastGt = value.lastIndexOf('>')
  // A `<` left as it is: as `written` has it, else as the `<` pass would decide on the text alone.
  const left = (at: number) => (written !== undefined ? written[at] === 0 : !htmlOrAutolinkFollows(value, at + 1, lastGt))
  if (value.charCodeAt(k) === 60 && !(lineStart && htmlBlockAt(value, k)) && left(k)) {
    // `<…>`: a `<` inside must be escaped (as HTML).
    for (k++; k < lineEnd && value.charCodeAt(k) !== 62; k++) if (value.charCodeAt(k) === 60 && left(k)) return false
    if (k++ >= lineEnd) return false
  } else {
    let depth = 0
    if (lineStart && isSpaceOrTab(value.charCodeAt(k))) k++
    for (; k < lineEnd && !spaceAt(value, k, lineEnd, ended); k++) {
      const c = value.charCodeAt(k)
      // markdown-it takes the character after a backslash into the destination, a tab or control too.
      if (markdownIt && c === 92 && k + 1 < lineEnd && controlAt(value, k + 1)) {
        k++
        continue
      }
      // (A tab written as a reference is no control character.)
      if ((c < 32 && c !== 9) || c === 127) return false
      if (c === 40) depth++
      else if (c === 41 && depth-- === 0) return false
    }
    if (depth !== 0) return false
  }
  // Then the line's end, or whitespace, a title and the line's end.
  const destinationEnd = k
  while (k < lineEnd && spaceAt(value, k, lineEnd, ended)) k++
  if (k >= lineEnd) return true
  const open = value.charCodeAt(k)
  if (k === destinationEnd || (open !== 34 && open !== 39 && open !== 40)) return false
  const close = open === 40 ? 41 : open
  // (An unescaped `(` inside a `(…)` title ends it for commonmark.js and markdown-it, not for micromark.)
  for (k++; k < value.length && value.charCodeAt(k) !== close; k++);
  if (k++ >= value.length) return false
  lineEnd = lineEndAt(value, k)
  ended = lineEnd < value.length
  while (k < lineEnd && spaceAt(value, k, lineEnd, ended)) k++
  return k >= lineEnd
}

/**
 * Whether the mark `lineStartMark` put on a first line's `[` is a definition's alone (no footnote
 * definition's or task box's) and the text holds a `<`, which the `<` pass may leave as it is.
 */
function definitionFirst(value: string, flags: number): boolean {
  return value.includes('<') && !footnoteDefinitionAt(value, 0) && !((flags & LIST_ITEM) !== 0 && taskBoxAt(value, 0))
}

/**
 * Whether a task box starts at the `[` at `i` (a list item's first line, in micromark): `[`, a
 * space, tab, line ending, `x` or `X`, `]`, then a line ending, or whitespace and more text.
 */
function taskBoxAt(value: string, i: number): boolean {
  const c = value.charCodeAt(i + 1)
  let k = i + 2
  if (c === 13 && value.charCodeAt(k) === 10) k++
  else if (!(isSpaceOrTab(c) || c === 10 || c === 13 || c === 120 || c === 88)) return false
  if (value.charCodeAt(k) !== 93) return false
  const after = value.charCodeAt(++k)
  if (after === 10 || after === 13) return true
  if (!isSpaceOrTab(after)) return false
  // The last space or tab before a line ending is a reference: text, no space.
  const next = value.charCodeAt(k + 1)
  if (next === 10 || next === 13) return false
  while (k < value.length && isSpaceOrTab(value.charCodeAt(k))) k++
  return k < value.length
}

/**
 * Whether a closing run of `size` could match one of the live openers (`openers` from `base`: six
 * buckets, by length modulo 3 and whether they can close too): CommonMark's rule of three forbids a match whose lengths
 * add up to a multiple of 3 when either run can both open and close, unless both are multiples
 * of 3. (GFM strikethrough, which has no such rule, is paired apart: see `tildeBucket`.)
 */
function closesAny(openers: Uint32Array, base: number, size: number, closerBoth: boolean): boolean {
  for (let bucket = 0; bucket < 6; bucket++) {
    if (openers[base + bucket] === 0) continue
    const modulo = bucket >> 1
    const both = closerBoth || (bucket & 1) === 1
    if (!both || (modulo + size) % 3 !== 0 || (modulo === 0 && size % 3 === 0)) return true
  }
  return false
}

/**
 * Whether the closing `*` delimiter of a text between delimiters (`around`: 1 or 2 `*`, or
 * `EITHER`), which can only close, could close a `*` opener of `size` inside it (which can close
 * too: `both`) left live: unless the rule of three forbids it (the sum a multiple of 3 where
 * either run can both open and close, the delimiter's length being none). Nothing inside pairs
 * with anything (each closer that could is escaped), so every run keeps its length, and each
 * reader's rule reads the same lengths (commonmark.js the original ones, micromark and
 * markdown-it the current ones).
 */
function outerCloses(size: number, both: boolean, around: number): boolean {
  return around === EITHER || !both || (size + around) % 3 !== 0
}

/** `around` for a text between `*` delimiters of unknown length (1 or 2). */
const EITHER = 3

/**
 * Whether a run of `code` between characters of the classes `before` and `after` can open and
 * close (`OPENS` | `CLOSES`) (CommonMark's flanking rules; `_` not inside words; micromark's runs next to a `~`).
 */
function flanking(code: number, before: number, after: number, tildeAfter: boolean, tildeBefore: boolean): number {
  const left = after !== WHITESPACE && (after !== PUNCTUATION || before !== OTHER)
  const right = before !== WHITESPACE && (before !== PUNCTUATION || after !== OTHER)
  const leftAny = left || tildeAfter
  const rightAny = right || tildeBefore
  if (code !== 95) return (leftAny ? OPENS : 0) | (rightAny ? CLOSES : 0)
  const opens = (left && (!right || before === PUNCTUATION)) || (leftAny && (before !== OTHER || !rightAny))
  const closes = (right && (!left || after === PUNCTUATION)) || (rightAny && (after !== OTHER || !leftAny))
  return (opens ? OPENS : 0) | (closes ? CLOSES : 0)
}

/** What `flanking` answers: a run that can open, close (or both). */
const OPENS = 1
const CLOSES = 2

/** The delimiter characters, found run by run (`lastIndex` set before each search). */
const DELIMITER = /[*_~]/g

/** Whitespace to micromark and commonmark.js (JavaScript's `\s`), neither whitespace nor punctuation to markdown-it. */
const MARKDOWN_IT_OTHER = '\u2028\u2029\uFEFF'

/** A BMP neighbour's class to markdown-it: U+2028, U+2029 and U+FEFF are no whitespace to it. */
const markdownItClass = (common: number, value: string, at: number) =>
  common === WHITESPACE && MARKDOWN_IT_OTHER.includes(value[at]!) ? OTHER : common

/**
 * Live `~` openers: micromark's by length, one (0) or two (2), as it pairs only runs of equal
 * length and no longer ones; markdown-it's, two or more of any length (`MARKDOWN_IT_TILDES`).
 */
const tildeBucket = (size: number) => (size === 1 ? 0 : 2)
const MARKDOWN_IT_TILDES = 4

/** Where commonmark.js's and markdown-it's live openers start. */
const CM = 18
const MI = 36

const BACKSLASH = 1
const REFERENCE = 2

const OTHER = 0
const WHITESPACE = 1
const PUNCTUATION = 2

const unicodeWhitespace = /\s/
const unicodePunctuation = /[\p{P}\p{S}]/u

/** CommonMark's class of a code point (0.31: whitespace is Zs, tab and line endings; punctuation is P and S). */
function classOf(code: number): number {
  if (code < 128) {
    // Line tabulation too: all three readers take it as whitespace (JavaScript's `\s`).
    if (code === 32 || (code >= 9 && code <= 13)) return WHITESPACE
    return isAsciiPunctuation(code) ? PUNCTUATION : OTHER
  }
  const character = String.fromCodePoint(code)
  if (unicodeWhitespace.test(character)) return WHITESPACE
  return unicodePunctuation.test(character) ? PUNCTUATION : OTHER
}

const classAt = (value: string, i: number) => classOf(value.charCodeAt(i))

const classBefore = (value: string, i: number) => classOf(value.charCodeAt(i - 1))

/**
 * markdown-it's class of the surrogate pair before `i` or at `i`: its code point's; a lone
 * surrogate is U+FFFD to it, a symbol (punctuation), where micromark and commonmark.js see neither.
 */
const pairClassBefore = (value: string, i: number) =>
  isLowSurrogate(value.charCodeAt(i - 1)) && isHighSurrogate(value.charCodeAt(i - 2)) ? classOf(value.codePointAt(i - 2)!) : PUNCTUATION
const pairClassAt = (value: string, i: number) =>
  isHighSurrogate(value.charCodeAt(i)) && isLowSurrogate(value.charCodeAt(i + 1)) ? classOf(value.codePointAt(i)!) : PUNCTUATION

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff

const isSurrogate = (code: number) => code >= 0xd800 && code <= 0xdfff

const isAsciiPunctuation = (code: number) =>
  (code >= 33 && code <= 47) || (code >= 58 && code <= 64) || (code >= 91 && code <= 96) || (code >= 123 && code <= 126)

/**
 * Whether a `<` could start inline HTML or an autolink, all of which end at a `>` (`lastGt`
 * is the last one in the text): a whole tag (`<name`, attributes, `/`, `>`; `</name>`: see
 * `openTagEnds`), a comment, declaration or processing instruction (`<!--`, `<![`, `<!name`,
 * `<?`), an autolink (`<scheme:…>` without spaces, `<address@domain>`). With `marks`, as written:
 * a backslash before a character of an attribute's name or an address ends it (a URI autolink,
 * an attribute's value, a comment may hold one). Every scan stops at the next `<` (or assumes a
 * tag there), so all of them together are linear.
 */
function htmlOrAutolinkFollows(value: string, from: number, lastGt: number, marks?: Uint8Array): boolean {
  if (lastGt < from) return false
  const code = value.charCodeAt(from)
  const next = value.charCodeAt(from + 1)
  // A processing instruction, a comment and CDATA end at their own closers (`?>`, `-->`, `]]>`)
  // after the opener: without one later in the text, none is HTML (but `<?@x>` and `<!--@x>` are
  // still e-mail autolinks, below: `?`, `!` and `-` are address characters).
  if (code === 63 && closersOf(value).instruction > from) return true
  // `<!` a comment, CDATA or a declaration before `--`, `[CDATA[` or a letter; `</` a closing tag
  // (else maybe an e-mail autolink: `!` and `/` are address characters).
  if (code === 33) {
    if (next === 45 && value.charCodeAt(from + 2) === 45) {
      if (closersOf(value).comment > from) return true
    } else if (next === 91) {
      if (value.startsWith('[CDATA[', from + 1) && closersOf(value).cdata > from + 7) return true
    } else if (isAsciiLetter(next)) return true
  }
  if (code === 47 && isAsciiLetter(next)) {
    let j = from + 2
    while (isAlphanumeric(value.charCodeAt(j)) || value.charCodeAt(j) === 45) j++
    while (tagSpaceAt(value, j)) j++
    if (value.charCodeAt(j) === 62 && !isLineEnding(value.charCodeAt(j - 1))) return true
  }
  if (isAsciiLetter(code)) {
    let j = from + 1
    while (j < value.length && (isAlphanumeric(value.charCodeAt(j)) || value.charCodeAt(j) === 45)) j++
    if (openTagEnds(value, j, marks)) return true
    while (j < value.length && (isAlphanumeric(value.charCodeAt(j)) || value.charCodeAt(j) === 43 || value.charCodeAt(j) === 45 || value.charCodeAt(j) === 46)) j++
    if (value.charCodeAt(j) === 58 && j - from >= 2 && j - from <= 32) {
      // `<scheme:` — an autolink when a `>` comes before any space or `<`.
      let k = j + 1
      while (k < value.length && value.charCodeAt(k) > 32 && value.charCodeAt(k) !== 60 && value.charCodeAt(k) !== 62) k++
      if (value.charCodeAt(k) === 62) return true
    }
  }
  // An e-mail autolink: address characters, an `@`, a domain (letters, digits, `-`, `.`) and `>`.
  let j = from
  while (j < value.length && isEmailAtext(value.charCodeAt(j)) && !escapedAt(marks, j)) j++
  if (j === from || value.charCodeAt(j) !== 64 || !isAlphanumeric(value.charCodeAt(j + 1))) return false
  let k = j + 1
  while (k < value.length && (isAlphanumeric(value.charCodeAt(k)) || value.charCodeAt(k) === 45 || value.charCodeAt(k) === 46) && !escapedAt(marks, k)) k++
  return value.charCodeAt(k) === 62
}

const isAsciiLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122)

/**
 * The code unit at `i`, or -1 past either end (where `charCodeAt` answers NaN, which no test here
 * takes for a character either). For the places that look one past a text's end: V8 throws away a
 * function's optimised code the first time a `charCodeAt` reads out of bounds, and the escaper's
 * largest functions were compiled four and five times over in one render.
 */
const codeAt = (value: string, i: number): number => (i >= 0 && i < value.length ? value.charCodeAt(i) : -1)

/** Whether `marks` (when given) put a backslash before the character at `j`. */
const escapedAt = (marks: Uint8Array | undefined, j: number) => marks !== undefined && marks[j] === BACKSLASH

/** Where the last `?>`, `-->` and `]]>` of the text are (-1: none), found once per text. */
let closers = {value: '', instruction: -1, comment: -1, cdata: -1}
function closersOf(value: string): typeof closers {
  if (closers.value !== value)
    closers = {value, instruction: value.lastIndexOf('?>'), comment: value.lastIndexOf('-->'), cdata: value.lastIndexOf(']]>')}
  return closers
}

/** After a `<`: a letter, `/`, `!` or `?`, which could start a tag, comment, declaration or instruction. */
const mayStartHtml = (code: number) => isAsciiLetter(code) || code === 47 || code === 33 || code === 63

/**
 * Whether an open tag's attributes and end follow its name (ending at `j`): each attribute after
 * whitespace (JavaScript's `\s`, as commonmark.js and markdown-it read it; micromark's is part of
 * it), a name, maybe `=` and a value (quoted; or unquoted, without whitespace or ``"'=<>` ``, as
 * micromark reads it: control characters too); then `/>` or `>`. A quoted value with a `<` in it is
 * assumed to end: every scan stops at the next `<` (linear).
 */
function openTagEnds(value: string, j: number, marks?: Uint8Array, flow = false): boolean {
  for (;;) {
    const separated = j
    while (tagSpaceAt(value, j)) j++
    const code = value.charCodeAt(j)
    // (A `>` at a line start is escaped: a block quote's.) An HTML block's tag is alone on its line.
    if (code === 62) return !isLineEnding(value.charCodeAt(j - 1)) && (!flow || blankToLineEnd(value, j + 1))
    if (code === 47) return value.charCodeAt(j + 1) === 62
    // (A backslash before a name's character ends the name: it is none.)
    if (j === separated || !(isAsciiLetter(code) || code === 95 || code === 58) || escapedAt(marks, j)) return false
    j++
    for (let c = value.charCodeAt(j); (isAlphanumeric(c) || c === 95 || c === 46 || c === 58 || c === 45) && !escapedAt(marks, j); c = value.charCodeAt(++j));
    let k = j
    while (tagSpaceAt(value, k)) k++
    // No value: the whitespace read is the next attribute's.
    if (value.charCodeAt(k) !== 61) continue
    // The value (in an HTML block micromark reads a `=` right after an unquoted one as another's).
    for (;;) {
      k++
      while (tagSpaceAt(value, k)) k++
      const quote = value.charCodeAt(k)
      if (quote === 34 || quote === 39) {
        for (k++; k < value.length && value.charCodeAt(k) !== quote; k++) if (value.charCodeAt(k) === 60) return true
        if (k >= value.length) return false
        j = k + 1
        break
      }
      const start = k
      for (let c = value.charCodeAt(k); k < value.length && !isTagSpace(c) && !UNQUOTED_STOPS.has(c); c = value.charCodeAt(++k));
      if (k === start) return false
      j = k
      if (!flow || value.charCodeAt(k) !== 61) break
    }
  }
}

/** Whether only spaces or tabs follow `from` to its line's end (a last one before a line ending is a reference as written: taken as blank all the same). */
function blankToLineEnd(value: string, from: number): boolean {
  let k = from
  while (isSpaceOrTab(codeAt(value, k))) k++
  return k >= value.length || isLineEnding(value.charCodeAt(k))
}

/**
 * Whether micromark reads an HTML block of type 7 from the `<` at `i` (a paragraph's start): a
 * whole open tag alone on its line, where it lets a `=` right after an unquoted value start
 * another value (`<img src=x onerror=alert(1) b=c="d">`), which no inline tag and no other
 * reader allows.
 */
function flowTagAt(value: string, i: number, marks: Uint8Array | undefined): boolean {
  let j = i + 1
  if (!isAsciiLetter(codeAt(value, j))) return false
  while (isAlphanumeric(codeAt(value, j)) || codeAt(value, j) === 45) j++
  return openTagEnds(value, j, marks, true)
}

const UNQUOTED_STOPS = new Set([34, 39, 61, 60, 62, 96])
/** JavaScript's `\s` (NaN, past the end: none). */
const isTagSpace = (code: number) => (code < 128 ? code === 32 || (code >= 9 && code <= 13) : unicodeWhitespace.test(String.fromCharCode(code)))

/** `isTagSpace` as written: a space or tab next to a line ending is a character reference. */
function tagSpaceAt(value: string, j: number): boolean {
  const code = value.charCodeAt(j)
  if (!isSpaceOrTab(code)) return isTagSpace(code)
  return !isLineEnding(value.charCodeAt(j + 1)) && !isLineEnding(value.charCodeAt(j - 1))
}
/** The characters of an e-mail autolink's local part (CommonMark). */
const isEmailAtext = (code: number) => isAlphanumeric(code) || (isAsciiPunctuation(code) && !'"(),:;<>@[\\]'.includes(String.fromCharCode(code)))

/**
 * Where `xmpp:` URIs remark-gfm's text transform would link start (as its own pattern finds them),
 * but not inside a word that a `://` or `www.` before them makes a web link (a word as micromark's
 * literal takes it: up to whitespace, a `<`, or a `]` before `[` or `(`).
 */
function xmppStarts(value: string): number[] {
  if (!value.includes('xmpp:')) return []
  const starts: number[] = []
  let cursor = 0
  let wordStart = 0
  let webStart = -1
  // The last web start asked about, and its answer (each is read once: linear).
  let webChecked = -2
  let webValid = false
  for (const match of value.matchAll(/(?<![\w+\-.@])xmpp:[\w+\-.]+@[\w-]+(?:\.[\w-]+)+/g)) {
    for (; cursor < match.index; cursor++) {
      const code = value.charCodeAt(cursor)
      // (micromark's literal, which the transform then leaves alone, also ends at a `<` and after a
      // `]` before `[` or `(`: what follows is text the transform reads apart.)
      if (code === 32 || code === 9 || code === 10 || code === 13 || code === 60) wordStart = cursor + 1
      else if (code === 93 && (value.charCodeAt(cursor + 1) === 91 || value.charCodeAt(cursor + 1) === 40)) wordStart = cursor + 1
      else if ((code === 58 && value.startsWith('//', cursor + 1)) || ((code | 32) === 119 && wwwAt(value, cursor))) webStart = cursor
    }
    // The transform links no address whose domain ends in a digit, `-` or `_`. (Inside a web
    // literal's word it links the whole word only when it takes that literal: see `webLiteralAt`.)
    if (webStart >= wordStart && webStart !== webChecked) (webChecked = webStart), (webValid = webLiteralAt(value, webStart))
    if (!(webStart >= wordStart && webValid) && isAsciiLetter(value.charCodeAt(match.index + match[0].length - 1))) starts.push(match.index)
  }
  return starts
}

/**
 * Whether remark-gfm's transform links a web literal from `at` (the `:` of `http://`, `https://`,
 * or the `w` of `www.`) on the text as read (escapes resolved: the text itself): after the start of
 * the text, whitespace or punctuation, its domain (`[-.\w]+`) with a `.` and no `_` and some letter
 * or digit in each of its last two segments. Else it links nothing there, and an address after it
 * apart.
 */
function webLiteralAt(value: string, at: number): boolean {
  let start = at
  let domain = at
  if (value.charCodeAt(at) === 58) {
    const scheme = value.slice(Math.max(0, at - 5), at).toLowerCase()
    if (scheme.endsWith('https')) start = at - 5
    else if (scheme.endsWith('http')) start = at - 4
    else return false
    domain = at + 3
  }
  if (start > 0 && classBefore(value, start) === OTHER) return false
  let end = domain
  while (end < value.length && /[-.\w]/.test(value[end]!)) end++
  const parts = value.slice(domain, end).split('.')
  if (parts.length < 2) return false
  for (const part of parts.slice(-2)) if (part.includes('_') || !/[a-zA-Z\d]/.test(part)) return false
  return true
}

/**
 * GFM autolink literals as micromark's tokenizer starts them (`www.` after a space, a line
 * start or one of `(*_[]~`; `http://`, `https://` after no letter), left as they are unless an
 * escape sits before the next space or `<` (the tokenizer would take it into the link): then
 * the `.` of `www.` or the `:` gets a backslash, and the reader links the text after escapes
 * instead (remark-gfm's transform), which is the text shown. `paragraphs`: the lines after a
 * blank line.
 */
function breakAutolinks(value: string, marks: Uint8Array, inert?: Uint8Array, paragraphs?: ReadonlySet<number>): void {
  if (!AUTOLINK.test(value)) return
  const length = value.length
  // The end of the word at each position (the next space or `<`), and escapes before each position.
  const wordEnd = new Uint32Array(length + 1)
  wordEnd[length] = length
  for (let i = length - 1; i >= 0; i--) {
    const code = value.charCodeAt(i)
    // A space written as a reference (before a line ending) is `&#x20;` to the tokenizer: no end.
    wordEnd[i] = (classOf(code) === WHITESPACE && marks[i] !== REFERENCE) || (code === 60 && marks[i] === 0) ? i : wordEnd[i + 1]!
  }
  // Where a literal starting at each position stops taking its word: just after the first `]`
  // before an unescaped `[` or `(` (which ends micromark's trail check; a backslash before the `]`
  // is still taken into the link, and a `[` after it opens a label again), else at the word's end.
  const literalStop = new Uint32Array(length + 1)
  literalStop[length] = length
  for (let i = length - 1; i >= 0; i--) {
    const next = codeAt(value, i + 1)
    if (wordEnd[i] === i) literalStop[i] = i
    else if (value.charCodeAt(i) === 93 && marks[i + 1] === 0 && (next === 91 || next === 40)) literalStop[i] = i + 1
    else literalStop[i] = literalStop[i + 1]!
  }
  const escapes = new Uint32Array(length + 1)
  for (let i = 0; i < length; i++) escapes[i + 1] = escapes[i]! + (marks[i] === 0 ? 0 : 1)
  const emails = emailLiterals(value, marks)
  // micromark starts no literal inside an unclosed `[` (a label that a `]` has not balanced yet).
  let openBrackets = 0
  let skipUntil = 0
  const cache: DomainCache = {end: -1, lastTwo: -1, valid: false}
  // The backslashes set here: [where, the domain's start], in order.
  const broken: number[] = []
  for (let i = 0; i < length; i++) {
    // Inside a literal left whole, brackets are the link's text, not labels.
    if (i < skipUntil) continue
    // A paragraph's end closes every label (`paragraphs`: where one starts after a blank line).
    if (paragraphs?.has(i) === true) openBrackets = 0
    const raw = value.charCodeAt(i)
    if (raw === 91 && marks[i] === 0) openBrackets++
    else if (raw === 93 && marks[i] === 0 && openBrackets > 0) openBrackets--
    if (openBrackets > 0) continue
    // An e-mail literal (tried first) takes its address, `http` or `www` in it included.
    const email = emails.get(i)
    if (email !== undefined) {
      skipUntil = email
      continue
    }
    const code = raw | 32
    let breakAt = -1
    if (code === 119 && wwwAt(value, i) && previousWww(value, i, marks)) {
      // The domain starts at the `www` itself (the prefix is only checked, not consumed).
      if (validDomain(value, marks, i, cache)) breakAt = i + 3
    } else if (code === 104 && !isAsciiLetter(codeAt(value, i - 1))) {
      const colon = protocolColon(value, i)
      if (colon !== -1 && colon + 3 < length && startsDomain(value.charCodeAt(colon + 3)) && validDomain(value, marks, colon + 3, cache)) breakAt = colon
    }
    if (breakAt === -1) continue
    const end = wordEnd[i]!
    const stop = literalStop[i]!
    // Broken, the literal takes nothing and a later one in the word may start; whole, it takes the
    // word up to `stop`.
    if (escapes[stop]! - escapes[i]! > 0) {
      if (marks[breakAt] === 0) broken.push(breakAt, code === 119 ? i : breakAt + 3)
      marks[breakAt] = BACKSLASH
    } else {
      skipUntil = stop
      if (inert !== undefined) markInertTildes(value, i, end, inert)
    }
  }
  // A later literal's backslash can end an earlier one's domain where it makes the domain invalid
  // (`www.a.b__www.c.d`: `www.a.b__www` has `_` in its last two segments): the earlier backslash
  // is then needless. From the last to the first, each is dropped if its domain, read up to the
  // backslashes kept, is invalid (a domain reads rightwards only: those are settled). The domains
  // read are bounded to a few times the text (a chain of dropped ones would read on and on): past
  // that, the rest are kept, which is always safe.
  let budget = 4 * length + 1024
  for (let k = broken.length - 2; k >= 0 && budget > 0; k -= 2) {
    const start = broken[k + 1]!
    const domain: DomainCache = {end: -1, lastTwo: -1, valid: false}
    marks[broken[k]!] = 0
    if (validDomain(value, marks, start, domain)) marks[broken[k]!] = BACKSLASH
    budget -= domain.end - start + 1
  }
}

/**
 * The runs of one or two `~` that micromark reads as text of a whole autolink literal, with the
 * escapes in `marks` (and the literals they break), or undefined when there are none.
 */
function inertTildes(value: string, marks: Uint8Array): Uint8Array | undefined {
  const inert = new Uint8Array(value.length)
  breakAutolinks(value, marks.slice(), inert)
  return inert.indexOf(1) === -1 ? undefined : inert
}

/**
 * The runs of one or two `~` (by their first) that micromark's tokenizer keeps in the literal from `start` (to the end of its
 * word, `end`): before the first run of punctuation its trail check could end the literal at
 * (`TRAIL`, `)`, `]`, `&`, `<`), each in a run followed by something else (not `(` or `[` after a
 * last `]`). A run with a `&` or `<` (a character reference may end the trail) is taken to end
 * it, so a `~` left live is never taken for text.
 */
function markInertTildes(value: string, start: number, end: number, inert: Uint8Array): void {
  for (let j = start; j < end; ) {
    if (!isTrail(value.charCodeAt(j))) {
      j++
      continue
    }
    let r = j
    let ends = false
    for (; r < end && isTrail(value.charCodeAt(r)); r++) {
      const code = value.charCodeAt(r)
      if (code === 38 || code === 60) ends = true
    }
    // A `]` ends the trail before `(` or `[` (and before the word's end); inside the run it is trail.
    const next = value.charCodeAt(r)
    if (ends || r === end || (value.charCodeAt(r - 1) === 93 && (next === 40 || next === 91))) return
    // Runs of one or two `~` (their first), whole in the run.
    for (let k = j; k < r; k++) {
      if (value.charCodeAt(k) !== 126 || value.charCodeAt(k - 1) === 126) continue
      const size = value.charCodeAt(k + 1) !== 126 ? 1 : value.charCodeAt(k + 2) !== 126 ? 2 : 3
      if (size < 3 && k + size <= r) inert[k] = 1
    }
    j = r
  }
}

/** What the trail check of micromark's literal path looks at (`TRAIL`, `)`, `]`, `&`, `<`). */
const isTrail = (code: number) => code < 128 && TRAIL_CODES[code] === 1
const TRAIL_CODES = new Uint8Array(128)
for (const character of '!"\')*,.:;?_~]&<') TRAIL_CODES[character.charCodeAt(0)] = 1

/**
 * The e-mail literals micromark's tokenizer would read, by start and end: address characters
 * after neither one nor `/`, an `@`, a domain of letters, digits, `-`, `_` and inner dots that
 * has a dot and ends in a letter, no escape in any of it. The runs before and after different
 * `@`s are disjoint: linear.
 */
function emailLiterals(value: string, marks: Uint8Array): Map<number, number> {
  const emails = new Map<number, number>()
  for (let at = value.indexOf('@'); at !== -1; at = value.indexOf('@', at + 1)) {
    if (marks[at] !== 0) continue
    let start = at
    while (start > 0 && isGfmAtext(value.charCodeAt(start - 1)) && marks[start - 1] === 0) start--
    const before = value.charCodeAt(start - 1)
    // After a backslash escape micromark's previous character is the one escaped (`\$a@b.c` is a
    // literal); after a character reference it is the `;`, so one is taken to stop the address.
    if (start === at || (start > 0 && (isGfmAtext(before) || before === 47 || marks[start - 1] === REFERENCE))) continue
    let end = at + 1
    let dot = false
    for (; end < value.length && marks[end] === 0; end++) {
      const code = value.charCodeAt(end)
      if (code === 46) {
        if (!isAlphanumeric(value.charCodeAt(end + 1)) || marks[end + 1] !== 0) break
        dot = true
      } else if (!(isAlphanumeric(code) || code === 45 || code === 95)) break
    }
    if (dot && isAsciiLetter(value.charCodeAt(end - 1))) emails.set(start, end)
  }
  return emails
}

const isGfmAtext = (code: number) => isAlphanumeric(code) || code === 43 || code === 45 || code === 46 || code === 95

/** How far the look for an inline link's end goes; beyond it a link is assumed (constant work per `](`). */
const LINK_LOOKAHEAD = 512

/**
 * Whether `(` … `)` from `from` (just after the `(`) could end an inline link: optional
 * whitespace, a destination (`<…>`, or no spaces and balanced parentheses), an optional title in
 * quotes or parentheses, `)`. Blank lines end the paragraph and are never in the text.
 */
function inlineLinkFollows(value: string, from: number, lastGt: number, written?: Uint8Array): boolean {
  const limit = Math.min(value.length, from + LINK_LOOKAHEAD)
  // A destination as CommonMark reads it, or as markdown-it does (a backslash takes a tab or control character along).
  const common = inlineLinkEnds(value, from, limit, lastGt, false, written)
  const other = common === true ? true : inlineLinkEnds(value, from, limit, lastGt, true, written)
  const verdict = common === true || other === true ? true : common === undefined || other === undefined ? undefined : false
  // Undecided within the lookahead: assume a link.
  return verdict === undefined ? limit < value.length : verdict
}

/** The first index from `j` (below `limit`) that is no space, tab or line ending. */
function skipSpace(value: string, j: number, limit: number): number {
  while (j < limit && (value.charCodeAt(j) === 32 || value.charCodeAt(j) === 9 || value.charCodeAt(j) === 10 || value.charCodeAt(j) === 13)) j++
  return j
}

function inlineLinkEnds(value: string, from: number, limit: number, lastGt: number, markdownIt: boolean, written?: Uint8Array): boolean | undefined {
  // Read as the output will be: a backslash of the text is escaped itself before punctuation, so
  // it escapes nothing.
  let j = from
  j = skipSpace(value, j, limit)
  if (value.charCodeAt(j) === 60) {
    // A `<` the `<` pass escapes (HTML or an autolink could follow; at a line start an HTML
    // block) starts a plain destination (below); one left as it is, `<…>`, which ends at a `>` on its line.
    const lineStart = value.charCodeAt(j - 1) === 10 || value.charCodeAt(j - 1) === 13
    if (!(lineStart && htmlBlockAt(value, j)) && !htmlOrAutolinkFollows(value, j + 1, lastGt, written)) {
      let k = j + 1
      for (let code = value.charCodeAt(k); k < limit && code !== 60 && code !== 62 && code !== 10 && code !== 13; code = value.charCodeAt(++k));
      if (k >= limit) return limit < value.length ? undefined : false
      // (A `<` inside may be escaped or not, decided later: a link is assumed, if a `>` follows.)
      if (value.charCodeAt(k) !== 62) return value.charCodeAt(k) === 60 && lastGt > k
      return titleAndParenthesis(value, k + 1, limit)
    }
  }
  let depth = 0
  for (; j < limit; j++) {
    const code = value.charCodeAt(j)
    // markdown-it takes the character after a backslash into the destination, a tab or control too.
    if (markdownIt && code === 92 && controlAt(value, j + 1)) {
      j++
      continue
    }
    if (code <= 32 || code === 127) break
    if (code === 40) depth++
    else if (code === 41) {
      if (depth === 0) break
      depth--
    }
  }
  if (j >= limit) return undefined
  if (depth !== 0) return false
  return titleAndParenthesis(value, j, limit)
}

/** Whether an inline link's destination that ends at `j` is followed by an optional title (after whitespace) and `)`. */
function titleAndParenthesis(value: string, j: number, limit: number): boolean | undefined {
  const afterDestination = j
  j = skipSpace(value, j, limit)
  const open = value.charCodeAt(j)
  if ((open === 34 || open === 39 || open === 40) && j > afterDestination) {
    const close = open === 40 ? 41 : open
    j++
    while (j < limit && value.charCodeAt(j) !== close) j++
    if (j >= limit) return undefined
    j++
    j = skipSpace(value, j, limit)
  }
  if (j >= limit) return undefined
  return value.charCodeAt(j) === 41
}

/**
 * Whether micromark's tokenizer reads a domain from `start` on: up to whitespace, an escape or
 * punctuation other than `-`, `.`, `_` (a run of trailing punctuation before whitespace, `<` or
 * the end is not the domain's), with something besides `.` and `_`, and no `_` in its last two
 * segments. Each run of punctuation is checked once.
 */
function validDomain(value: string, marks: Uint8Array, start: number, cache: DomainCache): boolean {
  // A start inside the last domain read, before its last two segments, reads the same domain.
  if (start < cache.end && start <= cache.lastTwo) return cache.valid
  let seen = false
  let underscoreLast = false
  let underscoreLastLast = false
  let notTrailUntil = start
  let lastDot = -1
  let lastLastDot = -1
  let j = start
  for (; j < value.length && marks[j] === 0; j++) {
    const code = value.charCodeAt(j)
    if (code === 46 || code === 95) {
      if (j >= notTrailUntil) {
        let r = j
        while (r < value.length && marks[r] === 0 && TRAIL.includes(value[r]!)) r++
        const stop = value.charCodeAt(r)
        if (r === value.length || (marks[r] === 0 && (stop === 60 || classOf(stop) === WHITESPACE))) break
        notTrailUntil = r
      }
      if (code === 95) underscoreLast = true
      else (underscoreLastLast = underscoreLast), (underscoreLast = false), (lastLastDot = lastDot), (lastDot = j)
      continue
    }
    // By UTF-16 unit, as micromark's tokenizer classifies: an astral character (an emoji) is
    // neither whitespace nor punctuation to it, so it is part of the domain.
    const kind = classOf(code)
    if (kind === WHITESPACE || (kind === PUNCTUATION && code !== 45)) break
    seen = true
  }
  cache.end = j
  cache.lastTwo = lastLastDot
  cache.valid = seen && !underscoreLast && !underscoreLastLast
  return cache.valid
}

interface DomainCache {
  end: number
  /** The `.` before the domain's last two segments (-1: none). */
  lastTwo: number
  valid: boolean
}

/** Whether micromark's tokenizer starts a domain after `://` (by UTF-16 unit: no control, whitespace or punctuation). */
const startsDomain = (code: number) => code >= 32 && code !== 127 && classOf(code) === OTHER

/** What micromark takes as trailing punctuation after an autolink literal. */
const TRAIL = '!"\')*,.:;?_~'

const AUTOLINK = /[wW]{3}\.|[hH][tT]{2}[pP][sS]?:\/\//

function wwwAt(value: string, i: number): boolean {
  return (value.charCodeAt(i + 1) | 32) === 119 && (value.charCodeAt(i + 2) | 32) === 119 && value.charCodeAt(i + 3) === 46
}

/**
 * micromark's condition on what may precede `www.` (an escaped character reads as itself, a
 * reference as `;`): of whitespace only a space, a tab or a line ending (not U+00A0, U+2028 or a
 * line tabulation, which end a literal's path but start none).
 */
function previousWww(value: string, i: number, marks: Uint8Array): boolean {
  if (i === 0) return true
  if (marks[i - 1] === REFERENCE) return false
  const code = value.charCodeAt(i - 1)
  return code === 40 || code === 42 || code === 95 || code === 91 || code === 93 || code === 126 || code === 32 || code === 9 || code === 10 || code === 13
}

/** The index of the `:` of `http://` or `https://` at `i`, or -1. */
function protocolColon(value: string, i: number): number {
  if ((value.charCodeAt(i + 1) | 32) !== 116 || (value.charCodeAt(i + 2) | 32) !== 116 || (value.charCodeAt(i + 3) | 32) !== 112) return -1
  const colon = (value.charCodeAt(i + 4) | 32) === 115 ? i + 5 : i + 4
  return value.charCodeAt(colon) === 58 && value.charCodeAt(colon + 1) === 47 && value.charCodeAt(colon + 2) === 47 ? colon : -1
}

/**
 * The context-free escaping for text with other inline content beside it (the stock writer's
 * mixed phrasing, where what pairs with what depends on the neighbours): every character that
 * could be markup anywhere gets a backslash —
 * - anywhere: `\` `` ` `` `*` `[` `<` `$` `~` `|` get a backslash (and `]` in a link's text); `_` too unless it sits
 *   between two ASCII letters or digits (it cannot open or close emphasis there); `&` when an
 *   entity could follow (`&#…`, `&name;`);
 * - GFM autolink literals are broken before the tokenizer sees them: a backslash before the `.`
 *   of `www.` and the `:` of `http:`/`https:` (an `@` is left alone: escaped, it would let
 *   remark-gfm's transform link a whole `xmpp:` URI);
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
function escapeEverywhere(value: string, options: EscapeOptions = {}): string {
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
  /**
   * The text opens a list item, after this bullet (`-`, `*`, `+`, `1.`…; `true`: some bullet): a
   * task box at its start (`[ ]`, `[x]`) would be read as one, and after `-` or `*` two more of
   * the bullet's character would make a thematic break (default: `false`).
   */
  listItem?: boolean | string
  /** The text is an ATX heading's: a trailing run of `#` would be read as its closing sequence (default: `false`). */
  heading?: boolean
  /** The text is a link's or an image's (between `[` and `]`): `]` would end it (default: `false`). */
  label?: boolean
  /**
   * The text is in a table cell (all of it, or a link's or image's text there: with `label`): `|`
   * would end the cell (default: `false`). Nowhere else does a `|` need a backslash.
   */
  cell?: boolean
  /** With `cell`: the table's context (`tableEscapes()`), its cells escaped in order, row by row. */
  table?: TableEscapes
  /**
   * The text sits between `*` delimiters (emphasis, strong): how many on each side, 1 or 2 (`true`:
   * either), after a line start and before the line's end (the whole paragraph, the text neither
   * starting nor ending with whitespace) (default: `false`).
   */
  delimited?: boolean | 1 | 2
  /**
   * Other inline content sits beside the text (what pairs with what depends on it): escaped
   * context-free, everywhere (default: `false`: the text is all its block's, cell's or label's inline content).
   */
  mixed?: boolean
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

/**
 * What may need a mark past a text's start in context-aware escaping (`www.` and `http:` only
 * beside other marks, `@` never): a text without any is decided by its first character alone.
 */
const MARKABLE = /[\\`*[\]<$~|_&\r\n]/
const MARKABLE_CODES = codesOf('\\`*[]<$~|_&\r\n')
const markable = (value: string) => holdsAny(value, MARKABLE, MARKABLE_CODES)

/** `MARKABLE` and NUL (see `isPlain`). */
const UNPLAIN = /[\0\\`*[\]<$~|_&\r\n]/
const UNPLAIN_CODES = codesOf('\0\\`*[]<$~|_&\r\n')

/**
 * Whether the text is plain: nothing to escape past its start, no line ending, no NUL, no lone
 * surrogate. Trimmed, such a text is what `singleLine` and `phrasingText` make of it, and
 * `escapeText` leaves it as it is but for its first characters (at a line start): one scan
 * instead of one per question (`isWellFormed` is native, and immediate for a string V8 stores one
 * byte per character).
 */
export const isPlain = (value: string) => !holdsAny(value, UNPLAIN, UNPLAIN_CODES) && value.isWellFormed()

/**
 * `isPlain` for a paragraph's text (`escapeText` with no option but `lineStart`): also true when
 * every markable character is inert there (see `inertIn`), as in `snake_case` or `[12]`.
 */
export function isPlainInParagraph(value: string): boolean {
  return (!holdsAny(value, UNPLAIN, UNPLAIN_CODES) || inertIn(value)) && value.isWellFormed()
}

/** `UNPLAIN`, global: `inertIn` hops from match to match (a native scan, twice as fast as a loop over the characters). */
const UNPLAIN_EACH = /[\0\\`*[\]<$~|_&\r\n]/g

/**
 * Whether every markable character of a paragraph's text is one no reader takes as
 * markup there, so that `escapeText` marks nothing past the text's start: `_` between ASCII
 * letters or digits and a lone `*` or `~` between spaces (neither opens nor closes emphasis or
 * strikethrough), `<` before a space, `|` (only a table cell ends at it),
 * `&` before what cannot be a character reference, `[` and `]` when no `]` is followed by `(`
 * (no inline link; reference links need a definition, and none can exist) and no `xmpp:` address
 * could follow an open `[`. Most texts with a markable character have only these: one pass
 * instead of the escaper's.
 */
function inertIn(value: string): boolean {
  let bracket = false
  UNPLAIN_EACH.lastIndex = 0
  // (`test`, not `exec`: no match object; the character found is the one before `lastIndex`.)
  while (UNPLAIN_EACH.test(value)) {
    const i = UNPLAIN_EACH.lastIndex - 1
    const code = value.charCodeAt(i)
    if (code === 124 || (code === 95 && isAlphanumeric(codeAt(value, i - 1)) && isAlphanumeric(codeAt(value, i + 1)))) continue
    // A lone `*` or `~` between spaces neither opens nor closes; nothing starts with `<` and a space.
    if ((code === 42 || code === 126) && codeAt(value, i - 1) === 32 && codeAt(value, i + 1) === 32) continue
    if (code === 60 && codeAt(value, i + 1) === 32) continue
    if (code === 91) bracket = true
    else if (!(code === 93 ? codeAt(value, i + 1) !== 40 : code === 38 && !entityFollows(value, i + 1))) return false
  }
  return !bracket || !value.includes('xmpp:')
}

function codesOf(characters: string): Uint8Array {
  const codes = new Uint8Array(128)
  for (const character of characters) codes[character.charCodeAt(0)] = 1
  return codes
}

/** Whether `pattern` (the ASCII characters of `codes`) matches: a loop over a short text (most table cells), cheaper than a regular expression's call. */
function holdsAny(value: string, pattern: RegExp, codes: Uint8Array): boolean {
  if (value.length > 24) return pattern.test(value)
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 128 && codes[code] === 1) return true
  }
  return false
}

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

/** Whether `value` just before `end` is `word` (ASCII, any case). */
function endsWithIgnoringCase(value: string, end: number, word: string): boolean {
  const start = end - word.length
  for (let k = 0; k < word.length; k++) if ((value.charCodeAt(start + k) | 32) !== word.charCodeAt(k)) return false
  return true
}

/**
 * Whether a character reference follows the `&` at `from`, as every reader decodes one: `#` and
 * 1–7 decimal digits, or `#x` and 1–6 hexadecimal digits, then `;`; or the name of an HTML
 * entity and `;` (`&amp;`, not `&x1;`: the readers keep an unknown name as text). The run of
 * letters is scanned once per `&`; runs after different `&`s are disjoint, so all are linear.
 */
function entityFollows(value: string, from: number): boolean {
  let j = from
  if (value.charCodeAt(j) === 35) {
    const hex = (value.charCodeAt(++j) | 32) === 120
    const start = hex ? ++j : j
    while (j - start < (hex ? 6 : 7) && (hex ? isHexDigit(value.charCodeAt(j)) : isDigit(value.charCodeAt(j)))) j++
    return j > start && value.charCodeAt(j) === 59
  }
  while (j < value.length && isAlphanumeric(value.charCodeAt(j))) j++
  return j > from && value.charCodeAt(j) === 59 && Object.hasOwn(characterEntities, value.slice(from, j))
}

const isHexDigit = (code: number) => isDigit(code) || ((code | 32) >= 97 && (code | 32) <= 102)

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
