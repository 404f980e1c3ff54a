import {createClient} from '../../client/client.js'
import type {Job} from '../../model/index.js'
import {renderMarkdown} from '../../render/render.js'
import {type Command, EXIT} from '../command.js'
import {type CliIo, InputError, oneOf, UsageError, writeOutput} from '../io.js'

const ACTIONS = ['get', 'wait', 'cancel', 'purge'] as const

export const jobCommand: Command = {
  name: 'job',
  summary: 'talk to the jobs API: get, wait, cancel, purge (key in DOCMODEL_API_KEY)',
  help: `Usage: docmodel job get|wait|cancel|purge <id> [options]

Uses the API key in DOCMODEL_API_KEY. "wait" polls until the job ends, honouring
Retry-After, and shows progress on a terminal (quiet when piped).

Options:
      --base-url <url>     API base URL (default: $DOCMODEL_BASE_URL or https://api.ocrqueen.com)
      --format <what>      get/wait output: job | document | markdown   (default: job)
  -o, --output <file>      write that output to a file instead of stdout
      --timeout <seconds>  wait: give up after this long (exit code 4)`,
  options: {
    'base-url': {type: 'string'},
    format: {type: 'string'},
    output: {type: 'string', short: 'o'},
    timeout: {type: 'string'}
  },
  async run(values, positionals, io) {
    const [action, id, ...rest] = positionals
    if (!action || !(ACTIONS as readonly string[]).includes(action))
      throw new UsageError(`job: expected one of ${ACTIONS.join(', ')}, got ${JSON.stringify(action ?? '')}`)
    if (!id || rest.length > 0) throw new UsageError(`job ${action}: expected one job id`)
    const apiKey = io.env.DOCMODEL_API_KEY
    if (!apiKey) throw new UsageError('DOCMODEL_API_KEY is not set: export your API key first')
    const format = oneOf('format', values.format as string | undefined, ['job', 'document', 'markdown'] as const) ?? 'job'
    const timeout = values.timeout === undefined ? undefined : Number(values.timeout)
    if (timeout !== undefined && !(timeout > 0))
      throw new UsageError(`--timeout: expected seconds > 0, got ${JSON.stringify(values.timeout)}`)
    const client = createClient({apiKey, baseUrl: (values['base-url'] as string | undefined) ?? io.env.DOCMODEL_BASE_URL})
    const output = values.output as string | undefined

    if (action === 'cancel' || action === 'purge') {
      await (action === 'cancel' ? client.cancelJob(id) : client.purgeJob(id))
      io.stderr.write(`${action === 'cancel' ? 'cancelled' : 'purged'} ${id}\n`)
      return EXIT.ok
    }
    const job =
      action === 'get'
        ? (await client.getJob(id)).job
        : await client.waitForJob(id, {timeoutMs: timeout && timeout * 1000, onUpdate: progress(io)})
    await writeOutput(present(job, format), output, io)
    return EXIT.ok
  }
}

function present(job: Job, format: 'job' | 'document' | 'markdown'): string {
  if (format === 'job') return JSON.stringify(job, null, 2) + '\n'
  if (!job.document) throw new InputError(`job ${job.job_id} has no document (status "${job.status}")`)
  return format === 'document' ? JSON.stringify(job.document, null, 2) + '\n' : renderMarkdown(job.document)
}

/** A one-line status on a terminal (status, elapsed, next poll); nothing when stderr is piped. */
function progress(io: CliIo): (job: Job, nextPollMs: number | undefined) => void {
  const started = Date.now()
  return (job, next) => {
    if (!io.stderr.isTTY) return
    const elapsed = ((Date.now() - started) / 1000).toFixed(1)
    const line = `${job.job_id}: ${job.status} · ${elapsed}s elapsed${next === undefined ? '' : ` · next poll in ${(next / 1000).toFixed(1)}s`}`
    io.stderr.write(`\r\x1b[K${line}${next === undefined ? '\n' : ''}`)
  }
}
