import {checkDocument, checkJob} from '../../parse/check.js'
import {ValidationError} from '../../errors.js'
import {type Issue, formatIssue} from '../../issues.js'
import {type Command, EXIT} from '../command.js'
import {UsageError, looksLikeJob, parseInput, readInput} from '../io.js'

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a document or job against the contract; list every issue with its path',
  help: `Usage: docmodel validate [file|-] [--strict] [--json]

Validates a document or a job response (detected). Prints one line per issue:
"error <path>: <message>" or "warning <path>: <message>". Exit code 3 when there are
errors (in strict mode, warnings count as errors).

Options:
      --strict   reject unknown keys and block types; fail on warnings
      --json     print {valid, kind, mode, issues} as JSON`,
  options: {strict: {type: 'boolean'}, json: {type: 'boolean'}},
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError('validate takes at most one file')
    const {bytes, name} = await readInput(positionals[0], io)
    const mode = values.strict ? 'strict' : 'lenient'
    const kind = looksLikeJob(bytes) ? 'job' : 'document'
    let issues: Issue[]
    try {
      const parsed = parseInput(bytes, mode)
      issues = parsed.kind === 'job' ? checkJob(parsed.job) : checkDocument(parsed.document)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      issues = error.issues
    }
    const valid = !issues.some((issue) => issue.severity === 'error' || mode === 'strict')
    if (values.json) io.stdout.write(JSON.stringify({valid, kind, mode, issues}, null, 2) + '\n')
    else {
      for (const issue of issues)
        io.stdout.write(`${mode === 'strict' ? 'error' : issue.severity} ${formatIssue({...issue, severity: 'error'})}\n`)
      const errors = issues.filter((i) => i.severity === 'error' || mode === 'strict').length
      io.stdout.write(
        valid
          ? `ok: ${name} is a valid ${kind}${issues.length > 0 ? ` (${issues.length} warning${issues.length === 1 ? '' : 's'})` : ''}\n`
          : `invalid: ${name}: ${errors} error${errors === 1 ? '' : 's'}\n`
      )
    }
    return valid ? EXIT.ok : EXIT.invalid
  }
}
