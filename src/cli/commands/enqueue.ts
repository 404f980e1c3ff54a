import {join, sep} from 'node:path'
import {NetworkError} from '../../client/errors.js'
import {DocmodelError} from '../../errors.js'
import {DEFAULT_QUEUE_NAME, defaultRedisUrl, redactRedisUrl} from '../../queue/connection.js'
import {enqueue, waitForJobs} from '../../queue/enqueue.js'
import {type QueueJobData, valuesToOptions} from '../../queue/job-data.js'
import {listOf, outFolder, text, wholeNumber} from '../args.js'
import {conversionOptions, formatSettings, outputFormats} from '../batch/formats.js'
import {progressLine} from '../batch/progress.js'
import {chunkingHelp} from '../chunking.js'
import {type Command, EXIT, inputHelp, inputSettings} from '../command.js'
import {InputError, UsageError} from '../errors.js'
import {expandInputs} from '../files.js'
import {type CliIo, readStream, resolvePath, say} from '../io.js'
import {previewingHelp} from '../previewing.js'
import {renderHelp, selectionHelp} from '../selection.js'

export const enqueueCommand: Command = {
  name: 'enqueue',
  summary: 'add conversion jobs to a BullMQ queue on Redis for docmodel worker (--wait: follow them)',
  help: `Usage: docmodel enqueue <dir|pattern|file|url|->... --out <dir> [options]

Adds one job per input to a BullMQ queue on Redis, for docmodel worker processes on any
machine to convert exactly as docmodel batch would: the same outputs, under the same names
below --out. Inputs are found as batch finds them (directories are searched for *.json,
patterns expanded, - reads a list from stdin); an http(s) URL is fetched by the worker,
and --job-id names a job of the extraction API, which the worker waits for and fetches.
Paths are sent as absolute paths: the workers must see the same files at the same place.

With --wait, follows the jobs until each has ended, with a progress bar (done, failed,
active, files/s) on a terminal, then lists the failed ones. Exit codes: 0 every job added
(and, with --wait, done); 2 usage; 3 with --wait, a job failed; 4 Redis unreachable;
130 interrupted (the jobs stay queued).

Options:
      --out <dir>              where the outputs go (required)
      --to <formats>           ${Object.keys(outputFormats).join(',')} (default: markdown)
      --job-id <id>            an extraction API job to convert (repeatable)
      --redis <url>            Redis (default: $DOCMODEL_REDIS_URL or redis://127.0.0.1:6379)
      --queue <name>           the queue (default: ${DEFAULT_QUEUE_NAME})
      --attempts <n>           tries per job for network failures (default: 5; an invalid
                               document fails at once)
      --backoff <ms>           first wait before a retry, doubled each time (default: 1000)
      --wait                   follow the jobs until they end; exit 3 when one failed
      --progress               show the progress bar even when stderr is not a terminal
  -q, --quiet                  no progress bar, failure lines or summary
${renderHelp}
${selectionHelp}
${inputHelp}

Options of --to chunks:
${chunkingHelp}

Options of --to preview:
${previewingHelp}

Examples:
  docmodel enqueue corpus/ --redis redis://127.0.0.1:6379 --out out/ --to markdown,chunks --max-tokens 512 --wait
  docmodel enqueue --job-id 5f8a… --job-id 7c2e… --out /shared/out/ --to markdown
  find exports -name '*.json' | docmodel enqueue - --out /shared/out/`,
  options: {
    out: {type: 'string'},
    to: {type: 'string'},
    'job-id': {type: 'string', multiple: true},
    redis: {type: 'string'},
    queue: {type: 'string'},
    attempts: {type: 'string'},
    backoff: {type: 'string'},
    wait: {type: 'boolean'},
    progress: {type: 'boolean'},
    quiet: {type: 'boolean', short: 'q'},
    ...conversionOptions
  },
  async run(values, positionals, io) {
    const started = Date.now()
    const outArg = outFolder(values, 'enqueue needs --out <dir>: where the workers write the outputs')
    const jobIds = (values['job-id'] as string[] | undefined) ?? []
    if (positionals.length === 0 && jobIds.length === 0)
      throw new UsageError('enqueue needs inputs: directories, files, patterns, URLs, - for a list on stdin, or --job-id')
    const to = listOf('to', text(values, 'to') ?? 'markdown', Object.keys(outputFormats))!
    formatSettings(values, to) // a bad flag is a usage error here, not one failed job per file
    const {maxBytes} = inputSettings(values)
    const attempts = wholeNumber('attempts', text(values, 'attempts'), 1) ?? 5
    const backoffMs = wholeNumber('backoff', text(values, 'backoff'), 0) ?? 1000
    const redis = text(values, 'redis') ?? defaultRedisUrl(io.env)
    const queue = text(values, 'queue') ?? DEFAULT_QUEUE_NAME
    const options = valuesToOptions(values)
    const outDir = resolvePath(io, outArg)

    const args = await withStdinList(positionals, io, maxBytes)
    const urls = args.filter((arg) => /^https?:\/\//i.test(arg))
    const paths = args.filter((arg) => !/^https?:\/\//i.test(arg))
    const files = paths.length === 0 ? [] : await expandInputs(paths, io)
    // A folder that cannot be listed: said now, before any job is added, rather than left out.
    const unlisted = files.find((file) => file.error !== undefined)
    if (unlisted) throw new InputError('unreadable', unlisted.error!)
    const jobs: QueueJobData[] = [
      ...files
        .filter((file) => file.path !== undefined && !`${file.path}${sep}`.startsWith(`${outDir}${sep}`))
        .map((file) => ({input: {path: file.path!}, to, out: join(outDir, file.relative.replace(/\.json$/i, '')), options})),
      ...urls.map((url) => ({input: {url}, to, out: `${outDir}${sep}`, options})),
      ...jobIds.map((jobId) => ({input: {jobId}, to, out: `${outDir}${sep}`, options}))
    ]
    if (jobs.length === 0) {
      const skipped = files.filter((file) => `${file.path}${sep}`.startsWith(`${outDir}${sep}`)).length
      const why = skipped === 0 ? '' : ` (${skipped} left out for being under --out ${outArg}: outputs are not read as inputs; choose another --out)`
      throw new UsageError(`no .json input found in ${positionals.join(' ')}${why}`)
    }
    const names = jobs.map((job) => ('path' in job.input ? relativeName(files, job.input.path) : 'url' in job.input ? job.input.url : `job ${job.input.jobId}`))

    let ids: string[]
    try {
      ids = await enqueue(jobs, {connection: redis, queue, attempts, backoffMs})
    } catch (error) {
      throw redisFailure(error, redis)
    }
    const where = `queue "${queue}" at ${redactRedisUrl(redis)}`
    if (!values.wait) {
      if (!values.quiet) say(io.stderr, `enqueue: added ${ids.length} job${ids.length === 1 ? '' : 's'} to ${where}\n`)
      return EXIT.ok
    }

    const show = !values.quiet && (io.stderr.isTTY === true || values.progress === true)
    const nameOf = new Map(ids.map((id, i) => [id, names[i]!]))
    let shownAt = 0
    const bar = (line: string, force = false) => {
      if (!show || (!force && Date.now() - shownAt < 100)) return
      shownAt = Date.now()
      io.stderr.write(`\r\x1b[K${line}`)
    }
    let last = {total: ids.length, done: 0, failed: 0, active: 0, elapsedMs: 0}
    const lineOf = (p: typeof last) =>
      `${progressLine({done: p.done + p.failed, total: p.total, failed: p.failed, elapsedMs: p.elapsedMs})} · ${p.active} active`
    let result
    try {
      result = await waitForJobs(ids, {
        connection: redis,
        queue,
        ...(io.signal ? {signal: io.signal} : {}),
        onProgress: (progress) => {
          last = progress
          bar(lineOf(progress))
        },
        onFailed: (id, reason) => {
          if (values.quiet) return
          if (show) io.stderr.write('\r\x1b[K') // clears the bar; the text itself is escaped
          say(io.stderr, `failed: ${nameOf.get(id)}: ${reason}\n`)
        }
      })
    } catch (error) {
      throw redisFailure(error, redis)
    }
    bar(lineOf({...last, elapsedMs: Date.now() - started}), true)
    if (show) io.stderr.write('\n')
    const elapsed = (Date.now() - started) / 1000
    if (!values.quiet) {
      const pending = ids.length - result.done - result.failed.length
      say(
        io.stderr,
        `enqueue${result.complete ? '' : ' (stopped waiting)'}: ${result.done} done, ${result.failed.length} failed` +
          `${result.complete ? '' : `, ${pending} still queued`} in ${elapsed.toFixed(1)} s (${(result.done / Math.max(elapsed, 0.001)).toFixed(1)} files/s)\n`
      )
      for (const {id, reason} of result.failed) say(io.stderr, `  ${nameOf.get(id)}: ${reason}\n`)
    }
    return !result.complete ? EXIT.interrupted : result.failed.length > 0 ? EXIT.invalid : EXIT.ok
  }
}

/** How an input is shown: as batch's report names it. */
function relativeName(files: Array<{name: string; path: string | undefined}>, path: string): string {
  return files.find((file) => file.path === path)?.name ?? path
}

/** `-` among the inputs: the paths (or URLs) listed on stdin, one per line. */
async function withStdinList(args: string[], io: CliIo, maxBytes: number): Promise<string[]> {
  if (!args.includes('-')) return args
  const list = Buffer.from(await readStream(io.stdin, 'stdin', maxBytes)).toString('utf8')
  const listed = list.split(/\r?\n/).filter((line) => line.trim() !== '')
  return args.flatMap((arg) => (arg === '-' ? listed : [arg]))
}

/** An error from Redis (refused, unreachable, closed) as exit code 4, naming the server without its password. */
function redisFailure(error: unknown, redis: string): unknown {
  if (error instanceof DocmodelError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new NetworkError(`cannot use Redis at ${redactRedisUrl(redis)}: ${message}`, {cause: error})
}
