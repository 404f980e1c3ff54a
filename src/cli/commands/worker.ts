import {createClient} from '../../client/client.js'
import {formatBytes, say} from '../io.js'
import {text, wholeNumber} from '../args.js'
import {type Command, EXIT} from '../command.js'
import {UsageError} from '../errors.js'
import {createWorker} from '../../queue/worker.js'
import {DEFAULT_QUEUE_NAME, defaultRedisUrl, redactRedisUrl} from '../../queue/connection.js'
import {inputName} from '../../queue/job-data.js'

export const workerCommand: Command = {
  name: 'worker',
  summary: 'convert the jobs of a BullMQ queue on Redis as batch would (one per core, on any machine)',
  help: `Usage: docmodel worker [options]

Takes conversion jobs from a BullMQ queue on Redis (added by docmodel enqueue or the
docmodel/queue library) and writes each job's outputs exactly as docmodel batch would.
Runs until SIGTERM or SIGINT, then finishes the jobs in hand and exits 0 (a second
signal exits at once; those jobs go back to the queue). A worker that dies mid-job loses
nothing: after --lock-duration another worker takes the job over. Logs one line per job
on stderr.

Options:
      --redis <url>            Redis (default: $DOCMODEL_REDIS_URL or redis://127.0.0.1:6379)
      --queue <name>           the queue (default: ${DEFAULT_QUEUE_NAME})
  -c, --concurrency <n>        jobs converted at once by this process (default: 1; run one
                               worker process per core rather than raising it: conversion is CPU-bound)
      --rate-limit <n>/<time>  at most n jobs per time across every worker of the queue, to pace
                               the extraction API: 10/1s, 600/1m, 100/500ms (default: none)
      --base-url <url>         extraction API for {jobId} jobs (default: $DOCMODEL_BASE_URL);
                               the key is read from DOCMODEL_API_KEY
      --lock-duration <ms>     a dead worker's job is taken over after about this long (default: 60000)
      --stalled-interval <ms>  how often to look for such jobs (default: 30000)
  -q, --quiet                  no line per job

Examples:
  docmodel worker --redis redis://queue.internal:6379
  DOCMODEL_API_KEY=… docmodel worker --rate-limit 10/1s --concurrency 2`,
  options: {
    redis: {type: 'string'},
    queue: {type: 'string'},
    concurrency: {type: 'string', short: 'c'},
    'rate-limit': {type: 'string'},
    'base-url': {type: 'string'},
    'lock-duration': {type: 'string'},
    'stalled-interval': {type: 'string'},
    quiet: {type: 'boolean', short: 'q'}
  },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UsageError(`worker takes no arguments, got ${JSON.stringify(positionals[0])}`)
    const redis = text(values, 'redis') ?? defaultRedisUrl(io.env)
    const queue = text(values, 'queue') ?? DEFAULT_QUEUE_NAME
    const concurrency = wholeNumber('concurrency', text(values, 'concurrency'), 1) ?? 1
    const limiter = rateLimit(text(values, 'rate-limit'))
    const lockDurationMs = wholeNumber('lock-duration', text(values, 'lock-duration'), 100)
    const stalledIntervalMs = wholeNumber('stalled-interval', text(values, 'stalled-interval'), 100)
    const baseUrl = text(values, 'base-url') ?? io.env.DOCMODEL_BASE_URL
    // A bad base URL is a usage error now, not a failure of every {jobId} job later.
    if (baseUrl !== undefined) createClient({apiKey: io.env.DOCMODEL_API_KEY || 'checking-the-url', baseUrl})
    const quiet = values.quiet === true
    const log = (line: string) => quiet || say(io.stderr, `${line}\n`)

    const worker = createWorker({
      connection: redis,
      queue,
      concurrency,
      ...(limiter ? {limiter} : {}),
      ...(io.env.DOCMODEL_API_KEY ? {apiKey: io.env.DOCMODEL_API_KEY} : {}),
      ...(baseUrl !== undefined ? {baseUrl} : {}),
      ...(io.cwd ? {cwd: io.cwd} : {}),
      ...(lockDurationMs ? {lockDurationMs} : {}),
      ...(stalledIntervalMs ? {stalledIntervalMs} : {})
    })
    const where = `queue "${queue}" at ${redactRedisUrl(redis)}`
    // Redis going away is logged once per outage; the worker reconnects by itself.
    let down = false
    worker.on('error', (error) => {
      if (!down) log(`worker: Redis error (${error.message}); retrying`)
      down = true
    })
    worker.on('ready', () => {
      if (down) log(`worker: reconnected to ${where}`)
      down = false
    })
    worker.on('completed', (job, result) => {
      const bytes = result.outputs.reduce((sum, o) => sum + o.bytes, 0)
      log(
        `done ${result.input} → ${result.outputs.length} file${result.outputs.length === 1 ? '' : 's'}, ${formatBytes(bytes)}` +
          `${result.warnings > 0 ? `, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}` : ''} (${result.ms} ms, job ${job.id})`
      )
    })
    worker.on('failed', (job, error) => {
      if (!job) return
      const name = typeof job.data === 'object' && job.data && 'input' in job.data ? safeName(job.data.input) : `job ${job.id}`
      const attempts = job.opts.attempts ?? 1
      const final = job.attemptsMade >= attempts || error.name === 'UnrecoverableError' || job.finishedOn !== undefined
      log(`failed ${name}: ${error.message} (attempt ${job.attemptsMade} of ${attempts}${final ? '' : '; will retry'}, job ${job.id})`)
    })

    const stopped = new Promise<void>((resolve) => {
      if (io.signal?.aborted) resolve()
      io.signal?.addEventListener('abort', () => resolve(), {once: true})
    })
    await worker.waitUntilReady().catch(() => {})
    log(`worker: converting jobs of ${where} (concurrency ${concurrency}${limiter ? `, at most ${limiter.max} per ${limiter.duration} ms` : ''})`)
    await stopped
    log('worker: stopping after the jobs in hand (signal again to stop at once)')
    await worker.close()
    log('worker: stopped')
    return EXIT.ok
  }
}

function safeName(input: unknown): string {
  try {
    return inputName(input as Parameters<typeof inputName>[0])
  } catch {
    return '(invalid input)'
  }
}

const UNITS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000}

/** `--rate-limit 10/1s`: at most 10 jobs per second. */
export function rateLimit(value: string | undefined): {max: number; duration: number} | undefined {
  if (value === undefined) return undefined
  const match = /^\s*(\d+)\s*\/\s*(\d*)\s*(ms|s|m|h)?\s*$/.exec(value)
  const max = Number(match?.[1])
  const duration = Number(match?.[2] || 1) * UNITS[match?.[3] ?? 'ms']!
  if (!match || !(max >= 1) || !(duration >= 1) || !Number.isSafeInteger(max) || !Number.isSafeInteger(duration))
    throw new UsageError(`--rate-limit: expected jobs per time like 10/1s, 600/1m or 100/500ms, got ${JSON.stringify(value)}`)
  return {max, duration}
}
