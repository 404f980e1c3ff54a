import {DocmodelError, ValidationError} from '../../errors.js'
import {checkDocument, checkJob, checkJobTimes, createDocumentCheck} from '../../parse/check.js'
import {type Issue, formatIssue} from '../../issues.js'
import {text, wholeNumber} from '../args.js'
import {UsageError} from '../errors.js'
import {
  type Command,
  EXIT,
  compactHelp,
  compactOptions,
  inputHelp,
  inputOptions,
  inputSettings,
  outputHelp,
  outputOptions
} from '../command.js'
import {type FileInput, expandInputs} from '../files.js'
import {type Kind, kindOf, parseRead, takeText, wholeReads} from '../input.js'
import {ReadWhole, openPagedInput} from '../paged.js'
import {type CliIo, type Input, nextTurn, outputTarget, readInput, readLimited, turnDue} from '../io.js'
import type {Document, Job} from '../../model/index.js'
import type {Mode} from '../../model/shared.js'
import {readJson} from '../../parse/json-text.js'
import {escapeControl} from '../terminal.js'

interface FileResult {
  file: string
  valid: boolean
  kind: Kind | null
  issues: Issue[]
  /** Issues beyond --max-issues, counted but not listed. */
  moreIssues: number
  /** Issues that fail the file (errors; in strict mode, warnings too), listed or not. */
  errors: number
  /** Why the file could not be checked at all (unreadable, too large, not UTF-8). */
  error?: string
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check documents or jobs against the contract; list every issue with its path',
  help: `Usage: docmodel validate [files|dirs|patterns|-]... [options]

Validates documents or job responses (told apart by their top-level keys, or --kind).
Directories are searched for *.json; patterns (quoted or not) are expanded here too.
The report goes to stdout: one line per issue, "error <path>: <message>" or
"warning <path>: <message>" (prefixed with the file when there are several), one
"ok:" or "invalid:" line per file and, for several files, a summary. Exit code 3 when a
file has errors (in strict mode, warnings count as errors) or cannot be read.

Options:
      --max-issues <n>         list at most n issues per file, then a count (default: 50)
      --json                   print the report as JSON
${compactHelp}
${outputHelp}
${inputHelp}

Examples:
  docmodel validate result.json
  docmodel validate 'exports/**/*.json' --max-issues 5
  docmodel validate --strict --json - < job.json`,
  options: {'max-issues': {type: 'string'}, json: {type: 'boolean'}, ...compactOptions, ...outputOptions, ...inputOptions},
  async run(values, positionals, io) {
    const settings = inputSettings(values)
    const maxIssues = wholeNumber('max-issues', text(values, 'max-issues'), 0) ?? 50
    // Read-only: links are followed (each file once), unlike batch, which writes what it finds.
    const files =
      positionals.length === 0 ? [{name: 'stdin', path: undefined, relative: ''}] : await expandInputs(positionals, io, {followLinks: true})
    // Folders without a .json file: nothing was checked, which must not read as "all valid" (exit 0, no line).
    if (files.length === 0) throw new UsageError(`no .json input found in ${positionals.join(' ')}`)
    const write = await outputTarget(
      text(values, 'output'),
      files.flatMap((f) => (f.path ? [f.path] : [])),
      io
    )
    const results: FileResult[] = []
    let report = ''
    const many = files.length > 1
    for (const file of files) {
      const result = await validateFile(file, io, settings, maxIssues)
      results.push(result)
      if (!values.json) report += escapeControl(describe(result, settings.mode, many))
    }
    const invalid = results.filter((r) => !r.valid).length
    const summary = {files: results.length, valid: results.length - invalid, invalid}
    if (values.json) {
      const body = many ? {valid: invalid === 0, mode: settings.mode, summary, files: results} : {...results[0], mode: settings.mode}
      report = JSON.stringify(body, null, values.compact ? undefined : 2) + '\n'
    } else if (many) report += `${summary.files} files: ${summary.valid} valid, ${summary.invalid} invalid\n`
    await write(report)
    return invalid === 0 ? EXIT.ok : EXIT.invalid
  }
}

async function validateFile(
  file: FileInput,
  io: CliIo,
  {mode, kind, maxBytes}: ReturnType<typeof inputSettings>,
  maxIssues: number
): Promise<FileResult> {
  let issues: Issue[]
  let total: number
  let found: Kind | null = kind ?? null
  if (file.error !== undefined) return {file: file.name, valid: false, kind: found, error: file.error, issues: [], moreIssues: 0, errors: 1}
  try {
    const input: Input =
      file.path === undefined
        ? await readInput('-', io, maxBytes)
        : {bytes: await readLimited(file.path, file.name, maxBytes), name: file.name, path: file.path}
    // Page by page from the bytes when it can (DOCMODEL_WHOLE_READ=1 reads whole, for comparisons).
    const paged = io.env.DOCMODEL_WHOLE_READ === '1' ? undefined : await checkPaged(input, mode, kind, maxIssues)
    if (paged) ({kind: found, issues, total} = paged)
    else {
      wholeReads.count++
      // Read here, the value is ours: validated where it lies, without the copy a caller's value gets.
      const read = readJson(takeText(input))
      if (!read.ok) throw new ValidationError([read.issue], kind ?? 'document')
      found ??= kindOf(read.value)
      const parsed = await parseRead(read, found, mode)
      if (!parsed.success) throw parsed.error
      issues = found === 'job' ? checkJob(parsed.data as Job) : checkDocument(parsed.data as Document)
      total = issues.length
    }
  } catch (error) {
    if (error instanceof ValidationError) issues = error.issues
    else if (error instanceof DocmodelError && error.name === 'InputError')
      return {file: file.name, valid: false, kind: found, error: error.message, issues: [], moreIssues: 0, errors: 1}
    else throw error
    total = issues.length
  }
  const valid = !issues.some((issue) => issue.severity === 'error' || mode === 'strict')
  const shown = issues.slice(0, maxIssues)
  const errors = issues.filter((issue) => issue.severity === 'error' || mode === 'strict').length
  return {file: file.name, valid, kind: found, issues: shown, moreIssues: total - shown.length, errors}
}

/**
 * A valid input's warnings, read page by page (see `openPagedInput`), so that the whole parsed
 * document is never held: the same warnings as `checkJob`/`checkDocument` of the whole, in the
 * same order (`createDocumentCheck`), of which only the first `maxIssues` are kept (with the
 * total: every one is a warning, lenient mode). Undefined when the input is to be read whole:
 * strict mode, and anything invalid, which the whole read reports in its own words.
 */
async function checkPaged(
  input: Input,
  mode: Mode,
  kind: Kind | undefined,
  maxIssues: number
): Promise<{kind: Kind; issues: Issue[]; total: number} | undefined> {
  const paged = openPagedInput(input, mode, kind)
  if (paged === undefined) return undefined
  const issues: Issue[] = paged.job ? checkJobTimes(paged.job) : []
  let total = issues.length
  const check = createDocumentCheck(paged.outline, paged.job ? ['document'] : [])
  const keep = () => {
    total += check.issues.length
    for (const issue of check.issues) if (issues.length < maxIssues) issues.push(issue)
    check.issues.length = 0
  }
  try {
    keep()
    for (let position = 0; position < paged.count; position++) {
      if (turnDue()) await nextTurn() // a signal is acted on
      check.page(paged.read(position), position)
      keep()
    }
  } catch (error) {
    if (error instanceof ReadWhole) return undefined
    throw error
  }
  issues.length = Math.min(issues.length, maxIssues)
  return {kind: paged.kind, issues, total}
}

function describe(result: FileResult, mode: string, many: boolean): string {
  const prefix = many ? `${result.file}: ` : ''
  if (result.error !== undefined) return `error: ${result.error}\n`
  let out = ''
  for (const issue of result.issues)
    out += `${prefix}${mode === 'strict' ? 'error' : issue.severity} ${formatIssue({...issue, severity: 'error'})}\n`
  if (result.moreIssues > 0)
    out += `${prefix}… and ${result.moreIssues} more issue${result.moreIssues === 1 ? '' : 's'} (see --max-issues)\n`
  const total = result.issues.length + result.moreIssues
  const {errors} = result
  if (result.valid)
    return `${out}ok: ${result.file} is a valid ${result.kind ?? 'document'}${total > 0 ? ` (${total} warning${total === 1 ? '' : 's'})` : ''}\n`
  return `${out}invalid: ${result.file}: ${errors} error${errors === 1 ? '' : 's'}\n`
}
