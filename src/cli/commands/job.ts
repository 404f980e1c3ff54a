import {createClient} from '../../client/client.js'
import type {Job} from '../../model/index.js'
import {render} from '../../render/render.js'
import {oneOf, text} from '../args.js'
import {type Command, EXIT, compactHelp, compactOptions, outputHelp, outputOptions} from '../command.js'
import {InputError, UsageError} from '../errors.js'
import {type CliIo, jsonText, outputTarget, say} from '../io.js'
import {
  nothingKept,
  renderHelp,
  renderOptions,
  renderOptionsOf,
  select,
  selectionHelp,
  selectionOf,
  selectionOptions
} from '../selection.js'
import {escapeControl} from '../terminal.js'

const ACTIONS = ['get', 'wait', 'cancel', 'purge'] as const

export const jobCommand: Command = {
  name: 'job',
  summary: 'talk to the jobs API: get, wait, cancel, purge (key in DOCMODEL_API_KEY)',
  help: `Usage: docmodel job get|wait|cancel|purge <id> [options]

Uses the API key in DOCMODEL_API_KEY. "wait" polls until the job ends, honouring
Retry-After, and shows progress on a terminal (quiet when piped).

Options:
      --base-url <url>         API base URL (default: $DOCMODEL_BASE_URL or https://api.ocrqueen.com)
      --format <what>          get/wait output: job | document | markdown   (default: job)
      --timeout <seconds>      wait: give up after this long (exit code 4)
${outputHelp}
${compactHelp}
Markdown (--format markdown):
${renderHelp}
${selectionHelp}
  -q, --quiet                  do not print render warnings to stderr

Examples:
  docmodel job wait 5f8a… --format markdown --preset trusted -o result.md
  docmodel job get 5f8a… --format document --compact > doc.json
  docmodel job cancel 5f8a…`,
  options: {
    'base-url': {type: 'string'},
    format: {type: 'string'},
    timeout: {type: 'string'},
    ...outputOptions,
    ...compactOptions,
    ...renderOptions,
    ...selectionOptions,
    quiet: {type: 'boolean', short: 'q'}
  },
  async run(values, positionals, io) {
    const [action, id, ...rest] = positionals
    // An empty argument is most often an unset shell variable (`docmodel job get "$ID"`): said so.
    if (action === undefined || action === '')
      throw new UsageError(`job: expected an action (${ACTIONS.join(', ')}) and a job id, e.g. docmodel job get job_123; got ${action === '' ? 'an empty argument' : 'neither'}`)
    oneOf('job', action, ACTIONS)
    if (id === '') throw new UsageError(`job ${action}: the job id is empty (an unset variable?)`)
    if (id === undefined || rest.length > 0) throw new UsageError(`job ${action}: expected one job id, got ${id === undefined ? 'none' : positionals.length - 1}`)
    const format = oneOf('--format', text(values, 'format'), ['job', 'document', 'markdown'] as const) ?? 'job'
    const timeout = values.timeout === undefined ? undefined : Number(values.timeout)
    if (timeout !== undefined && !(timeout > 0))
      throw new UsageError(`--timeout: expected seconds > 0, got ${JSON.stringify(values.timeout)}`)
    // Checked before any request, so a typo costs no API call.
    const options = renderOptionsOf(values)
    const criteria = selectionOf(values)
    const apiKey = io.env.DOCMODEL_API_KEY
    if (!apiKey) throw new UsageError('DOCMODEL_API_KEY is not set: export your API key first')
    const client = createClient({apiKey, baseUrl: text(values, 'base-url') ?? io.env.DOCMODEL_BASE_URL})
    const write = await outputTarget(text(values, 'output'), [], io)

    if (action === 'cancel' || action === 'purge') {
      await (action === 'cancel' ? client.cancelJob(id) : client.purgeJob(id))
      say(io.stderr, `${action === 'cancel' ? 'cancelled' : 'purged'} ${id}\n`)
      return EXIT.ok
    }
    const job =
      action === 'get'
        ? (await client.getJob(id)).job
        : await client.waitForJob(id, {timeoutMs: timeout && timeout * 1000, onUpdate: progress(io)})
    if (format !== 'markdown') {
      const value = format === 'job' ? job : documentOf(job)
      await write(jsonText(value, values.compact === true))
      return EXIT.ok
    }
    const document = documentOf(job)
    const {before, after} = select(document, criteria)
    const {markdown, warnings} = render(document, {...options, ...(criteria === undefined ? {} : {filter: criteria})})
    if (!values.quiet) {
      if (criteria && before > 0 && after === 0) say(io.stderr, `${nothingKept(before)}\n`)
      for (const w of warnings) say(io.stderr, `warning: block ${w.blockId}: ${w.message}\n`)
    }
    await write(markdown)
    return EXIT.ok
  }
}

function documentOf(job: Job) {
  if (!job.document) throw new InputError('no_document', `job ${job.job_id} has no document (status "${job.status}")`)
  return job.document
}

/** A one-line status on a terminal (status, elapsed, next poll); nothing when stderr is piped. */
function progress(io: CliIo): (job: Job, nextPollMs: number | undefined) => void {
  const started = Date.now()
  return (job, next) => {
    if (!io.stderr.isTTY) return
    const elapsed = ((Date.now() - started) / 1000).toFixed(1)
    const line = `${job.job_id}: ${job.status} · ${elapsed}s elapsed${next === undefined ? '' : ` · next poll in ${(next / 1000).toFixed(1)}s`}`
    io.stderr.write(`\r\x1b[K${escapeControl(line)}${next === undefined ? '\n' : ''}`)
  }
}
