import {once} from 'node:events'
import {createWriteStream} from 'node:fs'
import {mkdtemp, rm, stat} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {finished} from 'node:stream/promises'
import {type ConnectionOptions, type Job, UnrecoverableError, Worker, type WorkerOptions} from 'bullmq'
import {type Client, createClient} from '../client/client.js'
import {ApiError, JobFailedError, NetworkError, ResponseTooLargeError, TimeoutError} from '../client/errors.js'
import {type BatchConfig, type Task, type TaskResult, createConverter} from '../cli/batch/convert.js'
import {describeErrno} from '../cli/errors.js'
import {DEFAULT_MAX_INPUT_BYTES, formatBytes, jsonText} from '../cli/io.js'
import {DocmodelError} from '../errors.js'
import {QueueJobData, inputName, optionsToValues, outputsOf} from './job-data.js'
import {DEFAULT_QUEUE_NAME, connectionOf} from './connection.js'

/** What a finished job returns: every file written, and the warnings made writing them. */
export interface QueueJobResult {
  input: string
  outputs: Array<{format: string; path: string; bytes: number}>
  /** Blocks in the input document (before any selection). */
  blocks: number | null
  /** How many render and chunking warnings (each names its block); the first ones are in `warningMessages`. */
  warnings: number
  warningMessages: string[]
  ms: number
}

/** Where a job stands, as `job.progress` and the `progress` events report it. */
export interface QueueJobProgress {
  stage: 'fetching' | 'waiting' | 'converting' | 'done'
  /** `waiting`: the extraction job's status while it is polled. */
  status?: string
}

export interface CreateWorkerOptions {
  /** Redis: a URL (`redis://host:6379/0`), ioredis options, or a client (default: `$DOCMODEL_REDIS_URL` or `redis://127.0.0.1:6379`). */
  connection?: string | ConnectionOptions
  /** The queue's name (default: `docmodel`). */
  queue?: string
  /** Jobs converted at once by this worker (default: `1`; conversion is CPU-bound: run one worker process per core). */
  concurrency?: number
  /** At most `max` jobs per `duration` ms across every worker of the queue, to pace the extraction API (default: no limit). */
  limiter?: {max: number; duration: number}
  /** The extraction API key for `{jobId}` inputs (default: `$DOCMODEL_API_KEY`, read when such a job comes). */
  apiKey?: string
  /** The extraction API's base URL (default: `$DOCMODEL_BASE_URL` or the client's default). */
  baseUrl?: string
  /** A ready client for `{jobId}` inputs (instead of `apiKey`/`baseUrl`). */
  client?: Client
  /** Longest wait for an extraction job to finish, in ms (default: `3600000`, an hour). */
  waitTimeoutMs?: number
  /** Time allowed to download a `{url}` input, in ms (default: `60000`). */
  fetchTimeoutMs?: number
  /** Where relative paths of jobs start (default: `process.cwd()`). */
  cwd?: string
  /** How long a job's lock lasts without renewal: a dead worker's job is taken over after about this long (default: `60000` ms). */
  lockDurationMs?: number
  /** How often the worker looks for stalled jobs (default: `30000` ms). */
  stalledIntervalMs?: number
  /** Any other BullMQ worker option, passed through (e.g. `name`, `removeOnComplete`). */
  workerOptions?: Partial<WorkerOptions>
}

/**
 * A BullMQ worker that converts the queue's jobs exactly as `docmodel batch` converts files
 * (same code, same names, atomic renames). Invalid job data or an invalid document fails the job
 * at once (`UnrecoverableError`); a network failure throws, so the job's `attempts` retry it.
 * Stop it with `await worker.close()`: the jobs in hand are finished first.
 *
 * @example
 * const worker = createWorker({connection: 'redis://127.0.0.1:6379', concurrency: 1})
 * worker.on('completed', (job, result) => console.log(job.id, result.outputs))
 */
export function createWorker(options: CreateWorkerOptions = {}): Worker<QueueJobData, QueueJobResult> {
  const process = createProcessor(options)
  return new Worker<QueueJobData, QueueJobResult>(options.queue ?? DEFAULT_QUEUE_NAME, process, {
    connection: connectionOf(options.connection, true),
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDurationMs ?? 60_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    // A job whose worker died twice is more likely the killer than the victim.
    maxStalledCount: 2,
    ...(options.limiter ? {limiter: options.limiter} : {}),
    ...options.workerOptions
  })
}

/** The job processor alone (what `createWorker` runs), for a BullMQ worker set up by hand. */
export function createProcessor(options: CreateWorkerOptions = {}) {
  const cwd = options.cwd ?? globalThis.process.cwd()
  const converters = new Map<string, (task: Task) => Promise<TaskResult>>()
  let client = options.client
  const clientFor = () => {
    if (client) return client
    const apiKey = options.apiKey ?? globalThis.process.env.DOCMODEL_API_KEY
    if (!apiKey) throw new UnrecoverableError('a {jobId} input needs an API key: set DOCMODEL_API_KEY for the worker')
    try {
      client = createClient({apiKey, baseUrl: options.baseUrl ?? globalThis.process.env.DOCMODEL_BASE_URL})
    } catch (error) {
      // A bad base URL is the worker's setting: every such job would fail the same way.
      throw new UnrecoverableError(`cannot reach the extraction API: ${error instanceof Error ? error.message : String(error)}`)
    }
    return client
  }

  return async (job: Job<QueueJobData, QueueJobResult>, _token?: string, signal?: AbortSignal): Promise<QueueJobResult> => {
    const started = performance.now()
    const checked = QueueJobData.safeParse(job.data)
    if (!checked.success) throw new UnrecoverableError(`invalid job data: ${describeIssues(checked.error.issues)}`)
    const data = checked.data
    const values = optionsToValues(data.options)
    if ('jobId' in data.input) values.kind = 'job'
    const config: BatchConfig = {values, formats: data.to}
    const key = JSON.stringify(config)
    let convert = converters.get(key)
    if (!convert) {
      try {
        convert = createConverter(config)
      } catch (error) {
        throw new UnrecoverableError(`invalid job options: ${error instanceof Error ? error.message : String(error)}`)
      }
      if (converters.size >= 64) converters.clear()
      converters.set(key, convert)
    }
    const maxBytes = data.options?.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES
    const outputs = outputsOf(data, cwd)
    const name = inputName(data.input)
    let staged: string | undefined
    try {
      let path: string
      if ('path' in data.input) path = resolve(cwd, data.input.path)
      else {
        staged = await mkdtemp(join(tmpdir(), 'docmodel-queue-'))
        path = join(staged, 'input.json')
        if ('url' in data.input) {
          await job.updateProgress({stage: 'fetching'} satisfies QueueJobProgress)
          await download(data.input.url, path, maxBytes, options.fetchTimeoutMs ?? 60_000, signal)
        } else {
          const found = await fetchJob(clientFor(), data.input.jobId, options.waitTimeoutMs ?? 3_600_000, job, signal)
          await writeText(path, jsonText(found))
        }
      }
      await job.updateProgress({stage: 'converting'} satisfies QueueJobProgress)
      const result = await convert({name, path, outputs})
      if (result.status === 'failed') {
        const reason = result.error ?? 'the conversion failed'
        // A write that failed (a full or unmounted disk) may succeed later; a bad document never will.
        if (reason.startsWith('cannot write')) throw new Error(reason)
        throw new UnrecoverableError(reason)
      }
      const written = await Promise.all(outputs.map(async (o) => ({...o, bytes: (await stat(o.path)).size})))
      await job.updateProgress({stage: 'done'} satisfies QueueJobProgress)
      return {
        input: name,
        outputs: written,
        blocks: result.blocks,
        warnings: result.warnings.length,
        warningMessages: result.warnings.slice(0, 20),
        ms: Math.round(performance.now() - started)
      }
    } finally {
      if (staged) await rm(staged, {recursive: true, force: true})
    }
  }
}

/**
 * The finished extraction job. Network failures, timeouts and 5xx/429 answers (after the client's
 * own retries) throw for the queue to retry; other answers (404, 401, a failed extraction) are final.
 */
async function fetchJob(client: Client, id: string, timeoutMs: number, job: Job, signal: AbortSignal | undefined) {
  try {
    return await client.waitForJob(id, {
      timeoutMs,
      signal,
      onUpdate: (found) => void job.updateProgress({stage: 'waiting', status: found.status} satisfies QueueJobProgress).catch(() => {})
    })
  } catch (error) {
    if (error instanceof NetworkError || error instanceof TimeoutError) throw error
    if (error instanceof ApiError && (error.status >= 500 || error.status === 429 || error.status === 408)) throw error
    if (error instanceof ApiError || error instanceof JobFailedError || error instanceof ResponseTooLargeError || error instanceof DocmodelError)
      throw new UnrecoverableError(error.message)
    throw error
  }
}

/** Streams a URL's body to a file, failing past `maxBytes`; 4xx answers are final, the rest is retried. */
async function download(url: string, path: string, maxBytes: number, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  const timeout = AbortSignal.timeout(timeoutMs)
  const both = signal ? AbortSignal.any([signal, timeout]) : timeout
  let response: Response
  try {
    response = await fetch(url, {signal: both, redirect: 'follow', headers: {accept: 'application/json'}})
  } catch (error) {
    throw new Error(`GET ${url}: ${describeFetchError(error, timeout, timeoutMs)}`)
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {})
    const message = `GET ${url}: ${response.status} ${response.statusText}`
    if (response.status >= 500 || response.status === 429 || response.status === 408) throw new Error(message)
    throw new UnrecoverableError(message)
  }
  const declared = Number(response.headers.get('content-length'))
  const tooLarge = () => new UnrecoverableError(`${url} is larger than the input limit of ${formatBytes(maxBytes)} (options.maxInputBytes)`)
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {})
    throw tooLarge()
  }
  const file = createWriteStream(path)
  // The staged copy's own failure (a full disk): heard at any time, so it never goes unhandled
  // (which killed the worker), and said as a failed write, which the queue retries.
  let writeError: unknown
  file.on('error', (error) => (writeError ??= error))
  let size = 0
  try {
    if (response.body)
      for await (const chunk of response.body) {
        size += chunk.byteLength
        if (size > maxBytes) throw tooLarge()
        if (!file.write(chunk) && writeError === undefined) await once(file, 'drain')
        if (writeError !== undefined) throw writeError
      }
    file.end()
    await finished(file)
  } catch (error) {
    file.destroy()
    if (error instanceof UnrecoverableError) throw error
    if (writeError !== undefined) throw new Error(`cannot write ${path} (the download of ${url}): ${describeErrno(writeError)}`)
    throw new Error(`GET ${url}: the connection dropped while reading the answer (${describeFetchError(error, timeout, timeoutMs)})`)
  }
}

function describeFetchError(error: unknown, timeout: AbortSignal, timeoutMs: number): string {
  if (timeout.aborted) return `no complete answer within ${timeoutMs} ms`
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return `${error instanceof Error ? error.message : String(error)}${cause}`
}

async function writeText(path: string, text: string): Promise<void> {
  const file = createWriteStream(path)
  file.end(text)
  await finished(file)
}

/** Zod issues as one line: `to[0]: Invalid option …; out: …`. */
function describeIssues(issues: ReadonlyArray<{path: PropertyKey[]; message: string}>): string {
  const shown = issues.slice(0, 5).map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
  return `${shown.join('; ')}${issues.length > 5 ? `; … and ${issues.length - 5} more` : ''}`
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(the data)'
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('')
}
