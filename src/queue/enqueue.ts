import {type ConnectionOptions, type JobsOptions, Queue, QueueEvents} from 'bullmq'
import {OptionsError} from '../errors.js'
import {DEFAULT_QUEUE_NAME, connectionOf} from './connection.js'
import {QueueJobData} from './job-data.js'

export interface EnqueueOptions {
  /** Redis: a URL, ioredis options, or a client (default: `$DOCMODEL_REDIS_URL` or `redis://127.0.0.1:6379`). */
  connection?: string | ConnectionOptions
  /** The queue's name (default: `docmodel`). */
  queue?: string
  /** Tries per job before it fails, for network failures (default: `5`); invalid documents fail at the first. */
  attempts?: number
  /** First wait before a retry, doubled each time (default: `1000` ms). */
  backoffMs?: number
  /** Any other BullMQ job option, passed through (e.g. `priority`, `removeOnComplete`). */
  jobOptions?: JobsOptions
}

/** The BullMQ job options `enqueue` sets: retries with exponential backoff, finished jobs kept a day (failed ones a week). */
export function jobOptionsOf(options: EnqueueOptions): JobsOptions {
  return {
    attempts: options.attempts ?? 5,
    backoff: {type: 'exponential', delay: options.backoffMs ?? 1000},
    removeOnComplete: {age: 24 * 3600},
    removeOnFail: {age: 7 * 24 * 3600},
    ...options.jobOptions
  }
}

/** Jobs per `addBulk` call: one round trip each, bounded memory per call. */
const BULK = 500

/**
 * Adds conversion jobs to the queue and returns their ids, in order. Every job's data is checked
 * first: an invalid one throws `OptionsError` naming it and its field, and nothing is added.
 *
 * @example
 * const ids = await enqueue([{input: {path: '/data/report.json'}, to: ['markdown'], out: '/data/out/'}], {connection: 'redis://127.0.0.1:6379'})
 */
export async function enqueue(jobs: QueueJobData | readonly QueueJobData[], options: EnqueueOptions = {}): Promise<string[]> {
  const list: readonly QueueJobData[] = Array.isArray(jobs) ? jobs : [jobs as QueueJobData]
  const checked = list.map((data, index) => {
    const result = QueueJobData.safeParse(data)
    if (!result.success) {
      const issue = result.error.issues[0]!
      const where = [`jobs[${index}]`, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('')
      throw new OptionsError(`${where}: ${issue.message}`)
    }
    return result.data
  })
  const queue = new Queue<QueueJobData>(options.queue ?? DEFAULT_QUEUE_NAME, {connection: connectionOf(options.connection, false)})
  queue.on('error', () => {}) // reported by the failing call below
  try {
    const opts = jobOptionsOf(options)
    const ids: string[] = []
    for (let start = 0; start < checked.length; start += BULK) {
      const added = await queue.addBulk(checked.slice(start, start + BULK).map((data) => ({name: 'convert', data, opts})))
      ids.push(...added.map((job) => job.id!))
    }
    return ids
  } finally {
    await queue.close().catch(() => {})
  }
}

/** Where the watched jobs stand. */
export interface QueueProgress {
  total: number
  done: number
  failed: number
  /** Jobs being converted right now, across the queue. */
  active: number
  elapsedMs: number
}

export interface WaitForJobsOptions {
  connection?: string | ConnectionOptions
  queue?: string
  /** Called on every job that ends, and every `intervalMs`. */
  onProgress?: (progress: QueueProgress) => void
  /** Called once per job that failed for good. */
  onFailed?: (id: string, reason: string) => void
  /** Stops waiting (the jobs stay queued); the promise then resolves with what was seen. */
  signal?: AbortSignal
  /** How often the active count is read and, when no event came, the jobs' states are checked (default: `1000` ms). */
  intervalMs?: number
}

export interface WaitForJobsResult {
  done: number
  failed: Array<{id: string; reason: string}>
  /** False when the wait was stopped by the signal before every job ended. */
  complete: boolean
}

/**
 * Waits until every job of `ids` has completed or failed for good, following the queue's event
 * stream from its start (so jobs that ended before the call count too); when the stream is quiet,
 * the jobs still pending are looked up, so a trimmed stream cannot make it wait forever.
 */
export async function waitForJobs(ids: readonly string[], options: WaitForJobsOptions = {}): Promise<WaitForJobsResult> {
  const started = Date.now()
  const name = options.queue ?? DEFAULT_QUEUE_NAME
  const pending = new Set(ids)
  const failed: Array<{id: string; reason: string}> = []
  let done = 0
  let active = 0
  let heard = false
  // The last job's end ends the wait at once, not at the next tick.
  let wake = () => {}
  const progress = () =>
    options.onProgress?.({total: ids.length, done, failed: failed.length, active, elapsedMs: Date.now() - started})
  const settle = (id: string, reason?: string) => {
    if (!pending.delete(id)) return
    heard = true
    if (reason === undefined) done++
    else {
      failed.push({id, reason})
      options.onFailed?.(id, reason)
    }
    progress()
    if (pending.size === 0) wake()
  }
  if (pending.size === 0) return {done: 0, failed: [], complete: true}

  const connection = connectionOf(options.connection, true)
  const events = new QueueEvents(name, {connection, lastEventId: '0-0'})
  const queue = new Queue(name, {connection})
  let failure: unknown
  events.on('error', (error) => (failure ??= error))
  queue.on('error', (error) => (failure ??= error))
  events.on('completed', ({jobId}) => settle(jobId))
  events.on('failed', ({jobId, failedReason}) => settle(jobId, failedReason))
  try {
    await events.waitUntilReady()
    while (pending.size > 0 && !options.signal?.aborted) {
      await Promise.race([sleep(options.intervalMs ?? 1000, options.signal), new Promise<void>((resolve) => (wake = resolve))])
      if (options.signal?.aborted || pending.size === 0) break
      active = await queue.getActiveCount()
      if (!heard) await lookUp(queue, pending, settle)
      heard = false
      progress()
    }
  } finally {
    await Promise.all([events.close().catch(() => {}), queue.close().catch(() => {})])
  }
  if (pending.size > 0 && !options.signal?.aborted && failure) throw failure
  return {done, failed, complete: pending.size === 0}
}

/** The states of pending jobs, read in pipelined groups: an end the event stream did not show is settled here. */
async function lookUp(queue: Queue, pending: Set<string>, settle: (id: string, reason?: string) => void): Promise<void> {
  const ids = [...pending]
  for (let start = 0; start < ids.length; start += BULK) {
    const group = ids.slice(start, start + BULK)
    const states = await Promise.all(group.map((id) => queue.getJobState(id)))
    for (const [i, state] of states.entries()) {
      const id = group[i]!
      if (state === 'completed') settle(id)
      else if (state === 'failed') settle(id, (await queue.getJob(id))?.failedReason ?? 'failed')
      else if (state === 'unknown') settle(id, 'the job is no longer in the queue (removed before its end was seen)')
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, {once: true})
  })
}
