import {compareDocuments} from '../../compare/compare.js'
import {formatComparison} from '../../compare/format.js'
import {ValidationError} from '../../errors.js'
import type {Document} from '../../model/index.js'
import {createIssue} from '../../issues.js'
import {oneOf, text, unitNumber} from '../args.js'
import {type Command, EXIT, inputHelp, inputOptions, inputSettings, outputHelp, outputOptions} from '../command.js'
import {InputError, UsageError} from '../errors.js'
import {parseNamedInput} from '../input.js'
import {type Input, outputTarget, readInput} from '../io.js'

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
    const inputs: Input[] = [await readInput(positionals[0], io, maxBytes), await readInput(positionals[1], io, maxBytes)]
    const write = await outputTarget(text(values, 'output'), inputs, io)
    const read = (input: Input): Document => {
      const parsed = parseNamedInput(input, mode, kind)
      if (!parsed.document) throw new InputError('no_document', `${input.name}: the job has no document`)
      return parsed.document
    }
    const [a, b] = [read(inputs[0]!), read(inputs[1]!)]
    const labels: [string, string] = [
      positionals[0] === '-' ? 'stdin' : positionals[0]!,
      positionals[1] === '-' ? 'stdin' : positionals[1]!
    ]
    let comparison
    try {
      comparison = compareDocuments(a, b, {
        ...(threshold === undefined ? {} : {threshold}),
        ...(confidenceTolerance === undefined ? {} : {confidenceTolerance}),
        ...(whitespace === undefined ? {} : {whitespace}),
        ...(teds === undefined ? {} : {teds})
      })
    } catch (error) {
      // A repeated block id, at a path starting with the side: name the file instead.
      if (!(error instanceof ValidationError)) throw error
      const side = error.issues[0]?.path[0] === 'b' ? 1 : 0
      const issues = error.issues.map((issue) => createIssue(issue.code, issue.path.slice(1), issue.message, issue.severity))
      throw new ValidationError(issues, labels[side])
    }
    const report = values.json
      ? JSON.stringify(comparison, null, 2) + '\n'
      : formatComparison(comparison, a, b, {labels, verbose: values.verbose === true})
    await write(report)
    return comparison.summary.match ? EXIT.ok : DIFFER
  }
}
