import {stat} from 'node:fs/promises'
import {type CompareOptions, compareDocuments, createComparer, entriesOf} from '../../compare/compare.js'
import {type FormatComparisonOptions, formatComparison, formatPage, matchLine, reportHead, reportTail} from '../../compare/format.js'
import {ValidationError} from '../../errors.js'
import type {Block, Document} from '../../model/index.js'
import type {Mode} from '../../model/shared.js'
import {createIssue} from '../../issues.js'
import {oneOf, text, unitNumber} from '../args.js'
import {type Command, EXIT, inputHelp, inputOptions, inputSettings, outputHelp, outputOptions} from '../command.js'
import {InputError, UsageError} from '../errors.js'
import {type Kind, parseNamedInput} from '../input.js'
import {type FileState, type PagedDocument, ReadWhole, type Released, openPagedInput, pagesByNumber} from '../paged.js'
import {type Input, type OutputStream, nextTurn, outputStream, outputTarget, readInput, resolvePath, turnDue, writeBatched} from '../io.js'

/** Exit code of `diff` when the documents differ (as with diff(1); 0 when they match). */
const DIFFER = 1

export const diffCommand: Command = {
  name: 'diff',
  summary: 'compare two extractions block by block; exit 0 when they match, 1 when they differ',
  help: `Usage: docmodel diff <a.json> <b.json> [--json] [options]

Matches the blocks of each page (by their boxes, then by their text) and reports what was
added, removed, changed, split or merged, with short text diffs, CER/WER, block F1, the
reading-order agreement (Kendall τ) and TEDS of tables. Like diff(1), only what differs: the
pages with a difference, then the summary; one line when the documents match (--verbose shows
every page). Either file may be - (stdin).

Exit codes: 0 the documents match · 1 they differ · 2 usage · 3 invalid input
(an unexpected failure also exits 1, with "docmodel: unexpected error" on stderr)

Options:
      --json                      print the comparison as JSON ({options, pairs, summary})
  -v, --verbose                   every page (also those with nothing changed) and every table's TEDS
      --threshold <n>             least IoU, or text similarity, to pair blocks (0–1, > 0; default 0.5)
      --confidence-tolerance <n>  largest confidence change still "same" (0–1; default 0.1)
      --whitespace <mode>         collapse | exact (default collapse: runs of whitespace count as one space)
      --teds <kind>               default | pubtabnet: how tables are scored (pubtabnet: as the PubTabNet
                                  reference scores them, to set beside published numbers; see the README)
${outputHelp}
${inputHelp}

Examples:
  docmodel diff report.v1.json report.v2.json
  docmodel diff old.json new.json --json -o changes.json
  docmodel diff <(docmodel import --from docling theirs.json) ours.json --teds pubtabnet`,
  options: {
    json: {type: 'boolean'},
    verbose: {type: 'boolean', short: 'v'},
    threshold: {type: 'string'},
    'confidence-tolerance': {type: 'string'},
    whitespace: {type: 'string'},
    teds: {type: 'string'},
    ...outputOptions,
    ...inputOptions
  },
  async run(values, positionals, io) {
    if (positionals.length !== 2) throw new UsageError('diff takes two files: docmodel diff a.json b.json')
    if (positionals[0] === '-' && positionals[1] === '-') throw new UsageError('diff: only one of the two files can be - (stdin)')
    const threshold = unitNumber('threshold', values.threshold as string | undefined)
    if (threshold === 0) throw new UsageError('--threshold: expected a number in (0, 1], got "0"')
    const confidenceTolerance = unitNumber('confidence-tolerance', values['confidence-tolerance'] as string | undefined)
    const whitespace = oneOf('--whitespace', values.whitespace as string | undefined, ['collapse', 'exact'] as const)
    const teds = oneOf('--teds', values.teds as string | undefined, ['default', 'pubtabnet'] as const)
    const {mode, kind, maxBytes} = inputSettings(values)
    // The files as they are before they are read: if they are the same afterwards, what was read is what they hold.
    const unread = await Promise.all(
      positionals.map(async (file) => (file === '-' ? undefined : await stat(resolvePath(io, file)).catch(() => undefined)))
    )
    const inputs: Input[] = [await readInput(positionals[0], io, maxBytes), await readInput(positionals[1], io, maxBytes)]
    const write = await outputTarget(text(values, 'output'), inputs, io)
    const labels: [string, string] = [
      positionals[0] === '-' ? 'stdin' : positionals[0]!,
      positionals[1] === '-' ? 'stdin' : positionals[1]!
    ]
    const compareOptions: CompareOptions = {
      ...(threshold === undefined ? {} : {threshold}),
      ...(confidenceTolerance === undefined ? {} : {confidenceTolerance}),
      ...(whitespace === undefined ? {} : {whitespace}),
      ...(teds === undefined ? {} : {teds})
    }
    const formatOptions = {labels, verbose: values.verbose === true}
    // Page by page from the bytes when it can (DOCMODEL_WHOLE_READ=1 reads whole, for comparisons).
    if (io.env.DOCMODEL_WHOLE_READ !== '1') {
      const paged = await diffPaged(
        inputs,
        {mode, kind, options: compareOptions, json: values.json === true, format: formatOptions, unread},
        // A target refused is the whole read's to report (after any validation error).
        async () => await outputStream(text(values, 'output'), inputs, io).catch(() => undefined)
      )
      if (paged) return paged.match ? EXIT.ok : DIFFER
      // The paged reading let go of a file's bytes (see `PagedDocument.release`) and then gave up: read it again.
      for (const side of [0, 1])
        if (inputs[side]!.bytes.buffer.byteLength === 0 && inputs[side]!.path !== undefined)
          inputs[side] = await readInput(positionals[side], io, maxBytes)
    }
    const read = async (input: Input): Promise<Document> => {
      const parsed = await parseNamedInput(input, mode, kind)
      if (!parsed.document) throw new InputError('no_document', `${input.name}: the job has no document`)
      return parsed.document
    }
    // One after the other: the first's failure is the one reported.
    const a = await read(inputs[0]!)
    const b = await read(inputs[1]!)
    let comparison
    try {
      comparison = compareDocuments(a, b, compareOptions)
    } catch (error) {
      // A repeated block id, at a path starting with the side: name the file instead.
      if (!(error instanceof ValidationError)) throw error
      const side = error.issues[0]?.path[0] === 'b' ? 1 : 0
      const issues = error.issues.map((issue) => createIssue(issue.code, issue.path.slice(1), issue.message, issue.severity))
      throw new ValidationError(issues, labels[side])
    }
    const report = values.json ? JSON.stringify(comparison, null, 2) + '\n' : formatComparison(comparison, a, b, formatOptions)
    await write(report)
    return comparison.summary.match ? EXIT.ok : DIFFER
  }
}

/**
 * `diff` reading both documents page by page (see `openPagedInput`), so neither is ever held
 * whole: a first pass notes the page number of every page of each (skimmed from the bytes), then
 * each page number's blocks, of both sides, are read, validated and compared
 * (`createComparer`), a repeated block id looked for as they come. The report, JSON or readable,
 * is written as the pairs are made, into a file under a temporary name (removed if anything is
 * found wrong): once a page's part is written, all that is held of it is what the summary needs
 * (`createComparer`), its block ids (a repeated one is looked for to the end) and its number and
 * place (`pagesByNumber`, the scan's). Into a file, the inputs' bytes are let go after the first
 * pass and the pages read from the files (`PagedDocument.release`). To stdout,
 * seen as it is written, the first pass reads and validates every page (and its block ids)
 * instead. The same report and exit code as the whole read (test/cli/paged-diff.test.ts);
 * undefined when the inputs are to be read whole: strict mode, anything invalid, a repeated
 * block id, a target refused (the whole read reports them, in order).
 */
async function diffPaged(
  inputs: Input[],
  settings: {
    mode: Mode
    kind: Kind | undefined
    options: CompareOptions
    json: boolean
    format: FormatComparisonOptions
    /** The inputs' files before they were read (see `PagedDocument.release`). */
    unread: Array<FileState | undefined>
  },
  openOutput: () => Promise<OutputStream | undefined>
): Promise<{match: boolean} | undefined> {
  const {mode, kind, json, format} = settings
  const a = openPagedInput(inputs[0]!, mode, kind)
  const b = a && openPagedInput(inputs[1]!, mode, kind)
  if (a === undefined || b === undefined) return undefined
  const output = await openOutput()
  if (output === undefined) return undefined
  const checkedFirst = !output.atomic
  const comparer = createComparer(settings.options)
  const {whitespace} = comparer.options
  let match = false
  // Written under a temporary name, the pages are read from the files after the first pass, one at
  // a time, and the inputs' bytes let go; should a file change meanwhile, it is read whole again.
  let released: Released[] = []
  const changed = () => released.some((file) => !file.unchanged())
  try {
    const [layoutA, layoutB] = [await layoutOf(a, checkedFirst), await layoutOf(b, checkedFirst)]
    if (output.atomic) released = [a.release(settings.unread[0]), b.release(settings.unread[1])].filter((file) => file !== undefined)
    const numbers = [...new Set([...layoutA.pages.numbers(), ...layoutB.pages.numbers()])].sort((x, y) => x - y)
    // Unless checked first: every page is read once here, validated, its block ids noted.
    const idsA = new Set<string>()
    const idsB = new Set<string>()
    const blocksOf = (paged: PagedDocument, positions: number[], ids: Set<string>) =>
      positions.flatMap((position) => {
        const {blocks} = paged.read(position, checkedFirst)
        if (!checkedFirst) noteIds(blocks, ids)
        return blocks
      })
    async function* pages() {
      for (const page of numbers) {
        if (turnDue()) await nextTurn() // a signal is acted on
        const blocksA = blocksOf(a!, layoutA.pages.positions(page), idsA)
        const blocksB = blocksOf(b!, layoutB.pages.positions(page), idsB)
        yield {blocksA, blocksB, ...comparer.page(page, entriesOf(blocksA, whitespace), entriesOf(blocksB, whitespace))}
      }
    }
    const summary = () => {
      const done = comparer.summary(layoutA.blocks, layoutB.blocks, a.outline, b.outline)
      match = done.match
      return done
    }
    async function* jsonReport() {
      // `JSON.stringify(comparison, null, 2)` in pieces: a pair at a time, then the summary a page at a time.
      yield `{\n  "options": ${nested(comparer.options, '  ')},\n  "pairs": [`
      let first = true
      for await (const {pairs} of pages())
        for (const pair of pairs) {
          yield `${first ? '\n' : ',\n'}    ${nested(pair, '    ')}`
          first = false
        }
      yield `${first ? ']' : '\n  ]'},\n  "summary": `
      yield* jsonPieces(summary(), '  ')
      yield '\n}\n'
    }
    async function* textReport() {
      // `formatReport`'s lines as they come: its first lines as soon as a page has lines (the
      // documents differ) or with --verbose (every page shown); else the summary decides.
      const sizes = [layoutA, layoutB].map((layout, side) => ({pages: [a, b][side]!.count, blocks: layout.blocks}))
      const head = () => reportHead(sizes[0]!, sizes[1]!, format).join('\n')
      let started = format.verbose === true
      if (started) yield head()
      for await (const {blocksA, blocksB, pairs, comparison, tables} of pages())
        for (const line of formatPage(comparison, pairs, {a: byId(blocksA), b: byId(blocksB)}, tables, comparer.options, format)) {
          if (!started) yield head()
          started = true
          yield '\n' + line
        }
      const done = summary()
      if (!started && done.match) {
        yield matchLine(sizes[1]!)
        return
      }
      if (!started) yield head()
      for (const line of reportTail(done, comparer.options, format)) yield '\n' + line
      yield '\n'
    }
    await writeBatched(output.stream, json ? jsonReport() : textReport())
    if (changed()) throw new ReadWhole('an input changed while it was read')
    await output.close()
  } catch (error) {
    // Whatever failed, pages read from a file that changed since may be why: the whole read says.
    const gone = changed()
    await output.abort()
    if (gone || error instanceof ReadWhole) return undefined
    throw output.failure(error)
  } finally {
    for (const file of released) file.close()
  }
  return {match}
}

/** `JSON.stringify(value, null, 2)` with every line after the first indented by `indent`: the JSON of a value nested that deep (JSON strings hold no line break). */
const nested = (value: unknown, indent: string) => JSON.stringify(value, null, 2).replaceAll('\n', '\n' + indent)

/**
 * `nested(value, indent)` in pieces: an object a member at a time, an array an element at a time
 * (each whole), so a summary of many pages is never one string (nor the rope `replaceAll` builds
 * of it). For JSON data: members whose value is `undefined` are left out, as `JSON.stringify`
 * leaves them; nothing here has a `toJSON`.
 */
export function* jsonPieces(value: unknown, indent: string): Generator<string, void, undefined> {
  if (value === null || typeof value !== 'object') return yield nested(value, indent)
  const inner = indent + '  '
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]'
    for (let i = 0; i < value.length; i++) yield `${i === 0 ? '[' : ','}\n${inner}${nested(value[i] ?? null, inner)}`
    return yield `\n${indent}]`
  }
  const members = Object.entries(value).filter(([, member]) => member !== undefined)
  if (members.length === 0) return yield '{}'
  for (const [i, [key, member]] of members.entries()) {
    yield `${i === 0 ? '{' : ','}\n${inner}${JSON.stringify(key)}: `
    yield* jsonPieces(member, inner)
  }
  yield `\n${indent}}`
}

interface Layout {
  /** The positions in the pages array of each page number. */
  pages: ReturnType<typeof pagesByNumber>
  /** How many blocks in all. */
  blocks: number
}

/**
 * The first pass over a paged document: the positions of each page number, and how many blocks.
 * `checked`: every page read and validated now, and its block ids noted; else skimmed (see
 * `PagedDocument.glance`), each page to be validated when it is read. Throws `ReadWhole` for an
 * invalid page or a repeated block id (the comparison refuses it, in words the whole read gives).
 */
async function layoutOf(paged: PagedDocument, checked: boolean): Promise<Layout> {
  const numbers: number[] = []
  const ids = new Set<string>()
  let blocks = 0
  for (let position = 0; position < paged.count; position++) {
    if (turnDue()) await nextTurn()
    let number: number
    if (checked) {
      const page = paged.read(position)
      noteIds(page.blocks, ids)
      number = page.page
      blocks += page.blocks.length
    } else {
      const glance = paged.glance(position)
      number = glance.page.page
      blocks += glance.blocks
    }
    // Skimmed, not a page number: the page is invalid, as the whole read says.
    if (!Number.isSafeInteger(number)) throw new ReadWhole(`page ${position} has no page number`)
    numbers.push(number)
  }
  return {pages: pagesByNumber(numbers), blocks}
}

/** Notes the blocks' ids; a repeated one throws `ReadWhole`. */
function noteIds(blocks: readonly Block[], ids: Set<string>): void {
  for (const block of blocks) {
    if (ids.has(block.id)) throw new ReadWhole(`block id ${JSON.stringify(block.id)} repeats`)
    ids.add(block.id)
  }
}

const byId = (blocks: Block[]) => new Map(blocks.map((block) => [block.id, block]))
