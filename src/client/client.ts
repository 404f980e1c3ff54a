import {OptionsError, ValidationError} from '../errors.js'
import {createIssue} from '../issues.js'
import {VERSION} from '../version.js'
import type {Job} from '../model/index.js'
import {TERMINAL_STATUSES} from '../model/constants.js'
import {parseJob} from '../parse/parse.js'
import {describeErrorBody, printable} from './error-body.js'
import {JOB_ID_RULE, isJobId} from './job-id.js'
import {ApiError, JobFailedError, NetworkError, ResponseTooLargeError, TimeoutError} from './errors.js'
import {createRedactor, redactValue} from './redact.js'
import {type BackoffOptions, MAX_TIMER_MS, parseRetryAfter, retryDelay, sleep as defaultSleep} from './retry.js'

export const DEFAULT_BASE_URL = 'https://api.ocrqueen.com'
/** The default `maxResponseBytes`: 512 MiB, generous for real documents, bounded for hostile servers. */
export const DEFAULT_MAX_RESPONSE_BYTES = 512 * 1024 * 1024

export interface ClientOptions {
  /**
   * The API key, sent as a bearer token (required). Never appears in errors, even when a server
   * echoes it: no run of 8 consecutive characters of it, in any case or JSON/percent spelling,
   * reaches an error's message, code or stack (redacted on decoded values, before any cut).
   */
  apiKey: string
  /** Base URL of the API; `https:` unless it is a loopback address (default: `https://api.ocrqueen.com`). */
  baseUrl?: string
  /** The `fetch` to use (default: the platform's `fetch`). */
  fetch?: typeof fetch
  /** Time allowed for one HTTP request, reading the whole body included (`Infinity`: no limit) (default: `30000` ms). */
  timeoutMs?: number
  /** Largest response body read, in bytes (`Infinity`: no limit); a larger one fails with `ResponseTooLargeError` (default: `536870912`, 512 MiB). */
  maxResponseBytes?: number
  /** Retries of transient failures (network errors, 408/429/500/502/503/504) (default: `{retries: 3, minDelayMs: 250, maxDelayMs: 10000}`). */
  retry?: BackoffOptions & {retries?: number}
  /** The `User-Agent` header (default: `docmodel/<version>`). */
  userAgent?: string
  /** Clock used for `Retry-After` dates and deadlines (default: `Date.now`). */
  now?: () => number
  /** How to wait between attempts and polls (default: a timer that stops when the signal aborts). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export interface RequestOptions {
  /** Aborts the call at once, mid-wait included. */
  signal?: AbortSignal
}

export interface GetJobResult {
  job: Job
  /** The `Retry-After` of the response, in milliseconds, when it had one. */
  retryAfterMs: number | undefined
}

export interface WaitOptions extends RequestOptions {
  /** Give up (with `TimeoutError`) after this long, the request in flight included (default: no limit). */
  timeoutMs?: number
  /** Called with each job seen while polling, and when the next poll will be. */
  onUpdate?: (job: Job, nextPollMs: number | undefined) => void
  /** Throw `JobFailedError` when the job ends `failed` or `cancelled`, instead of returning it (default: `true`). */
  throwOnFailure?: boolean
  /** Wait between polls when the server sends no `Retry-After` (default: `2000` ms). */
  pollIntervalMs?: number
  /** Upper bound of the wait between polls, whatever `Retry-After` says (default: `60000` ms). */
  maxPollIntervalMs?: number
}

export interface Client {
  /** `GET /v1/jobs/{id}`: the validated job and the response's `Retry-After`. */
  getJob(id: string, options?: RequestOptions): Promise<GetJobResult>
  /** Polls until the job is `completed`, `failed` or `cancelled`, honouring `Retry-After`. */
  waitForJob(id: string, options?: WaitOptions): Promise<Job>
  /** `DELETE /v1/jobs/{id}`: cancels a queued or processing job (204). */
  cancelJob(id: string, options?: RequestOptions): Promise<void>
  /** `POST /v1/jobs/{id}/purge`: erases the source and result (204; idempotent; needs `jobs:write`). */
  purgeJob(id: string, options?: RequestOptions): Promise<void>
}

const TRANSIENT = new Set([408, 429, 500, 502, 503, 504])
/** How much of an error answer is read: its code and message are in the first few hundred bytes. */
export const ERROR_BODY_BYTES = 64 * 1024

/** Whether a base URL may carry the key: https, or http to a loopback address (tests, local proxies). */
function checkBaseUrl(baseUrl: string): URL {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw new OptionsError(`baseUrl: expected an absolute URL, got ${JSON.stringify(baseUrl)}`)
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new OptionsError(`baseUrl: expected https: (or http: to a loopback address), got ${JSON.stringify(url.origin)}`)
  return url
}

/** `NaN` and the infinities as themselves, anything else as JSON. */
const asShown = (value: unknown) => (typeof value === 'number' ? String(value) : JSON.stringify(value))

/** A delay option: absent, or a number ≥ 0 (`Infinity` included). */
function checkDelay(name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !(value >= 0)))
    throw new OptionsError(`${name}: expected a number ≥ 0, got ${asShown(value)}`)
}

/**
 * A client of the jobs API. Transient failures of GET and purge are retried with backoff and
 * jitter, honouring `Retry-After`; a DELETE is retried only after a 429 (a retried cancel that
 * had gone through would answer 409).
 *
 * @example
 * const client = createClient({apiKey: process.env.DOCMODEL_API_KEY!})
 * const job = await client.waitForJob('5f8a…')
 * console.log(renderMarkdown(job))
 */
export function createClient(options: ClientOptions): Client {
  const {apiKey, timeoutMs = 30_000, maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES, now = Date.now, sleep = defaultSleep} = options
  if (typeof apiKey !== 'string' || apiKey.trim() === '') throw new OptionsError('apiKey: expected a non-empty string')
  if (typeof maxResponseBytes !== 'number' || !(maxResponseBytes >= 0))
    throw new OptionsError(`maxResponseBytes: expected a number ≥ 0, got ${JSON.stringify(maxResponseBytes)}`)
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0))
    throw new OptionsError(`timeoutMs: expected a number > 0, got ${JSON.stringify(timeoutMs)}`)
  const base = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL)
  const fetchImpl = options.fetch ?? globalThis.fetch
  const {retries = 3, ...backoff} = options.retry ?? {}
  if (typeof retries !== 'number' || !(retries >= 0) || !(Number.isInteger(retries) || retries === Infinity))
    throw new OptionsError(`retry.retries: expected a whole number ≥ 0, got ${asShown(retries)}`)
  for (const key of ['minDelayMs', 'maxDelayMs'] as const) checkDelay(`retry.${key}`, backoff[key])
  const headers = {authorization: `Bearer ${apiKey}`, accept: 'application/json', 'user-agent': options.userAgent ?? `docmodel/${VERSION}`}
  // Every string a server sends passes through this before it can reach an error.
  const redact = createRedactor(apiKey)

  const urlOf = (id: string, suffix = '') => {
    checkJobId(id)
    return new URL(`${base.pathname.replace(/\/$/, '')}/v1/jobs/${encodeURIComponent(id)}${suffix}`, base).href
  }

  /**
   * One HTTP exchange, body included, under one timer: the response and its (redacted) body, or a
   * NetworkError / TimeoutError / ResponseTooLargeError; the caller's abort passes through. Whatever
   * ends the exchange early cancels the body stream, so nothing keeps reading in the background.
   */
  async function exchange(method: string, url: string, signal: AbortSignal | undefined): Promise<{response: Response; body: string}> {
    if (signal?.aborted) throw signal.reason
    const controller = new AbortController()
    let timedOut = false
    // Node runs a timer longer than 2³¹−1 ms at once: such a limit (`Infinity` among them) means none.
    const timer =
      timeoutMs <= MAX_TIMER_MS
        ? setTimeout(() => {
            timedOut = true
            controller.abort(new TimeoutError(`${method} ${url}: no answer within ${timeoutMs} ms`))
          }, timeoutMs)
        : undefined
    const onAbort = () => controller.abort(signal!.reason)
    signal?.addEventListener('abort', onAbort, {once: true})
    // Why the exchange stopped, when it was stopped from here (timer, caller) rather than by the network.
    const stopped = () => (signal?.aborted ? signal.reason : timedOut ? controller.signal.reason : undefined)
    try {
      let response: Response
      try {
        // The race holds the timeout even against a `fetch` that ignores its signal.
        response = await Promise.race([
          fetchImpl(url, {method, headers, signal: controller.signal, redirect: 'error'}),
          rejectOnAbort(controller.signal)
        ])
      } catch (error) {
        if (stopped()) throw stopped()
        const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
        throw new NetworkError(redact(`${method} ${url}: ${error instanceof Error ? error.message : String(error)}${cause}`), {cause: error})
      }
      // An error answer is read only as far as its code and message can be: redaction and parsing stay bounded.
      const errorStatus = response.status < 200 || response.status > 299
      const body = await readBody(response, controller.signal, method, url, stopped, errorStatus ? ERROR_BODY_BYTES : undefined)
      return {response, body: redact(body)}
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
  }

  /**
   * The body as text, reading at most `maxResponseBytes`, or only its first `truncateAt` bytes when
   * given (the rest is not read); cancels the stream on every early exit.
   */
  async function readBody(
    response: Response,
    abort: AbortSignal,
    method: string,
    url: string,
    stopped: () => unknown,
    truncateAt?: number
  ): Promise<string> {
    const tooLarge = () => new ResponseTooLargeError(maxResponseBytes, method, url)
    const declared = response.headers.get('content-length')
    if (truncateAt === undefined && declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxResponseBytes) {
      await response.body?.cancel().catch(() => {})
      throw tooLarge()
    }
    if (!response.body) return ''
    const reader = response.body.getReader()
    const cancel = () => void reader.cancel().catch(() => {})
    abort.addEventListener('abort', cancel, {once: true})
    if (abort.aborted) cancel() // stopped between the headers and here
    // A job is UTF-8 or refused (as the CLI refuses a file): lenient decoding would put U+FFFD in
    // place of a bad byte, unseen. An error answer, cut at a limit, is read leniently.
    const decoder = new TextDecoder('utf-8', {fatal: truncateAt === undefined})
    const parts: string[] = []
    let total = 0
    try {
      for (;;) {
        const {done, value} = await reader.read()
        // A cancel from the timer or the caller ends the stream early: that is not the whole body.
        if (stopped()) throw stopped()
        if (done) break
        if (truncateAt !== undefined && total + value.byteLength >= truncateAt) {
          parts.push(decoder.decode(value.subarray(0, truncateAt - total)))
          cancel()
          return parts.join('')
        }
        total += value.byteLength
        if (total > maxResponseBytes) {
          cancel()
          throw tooLarge()
        }
        parts.push(decoder.decode(value, {stream: true}))
      }
      parts.push(decoder.decode())
      return parts.join('')
    } catch (error) {
      if (error instanceof ResponseTooLargeError) throw error
      if (stopped()) throw stopped()
      if (error instanceof TypeError && (error as {code?: string}).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
        cancel()
        throw new ValidationError([createIssue('invalid_utf8', [], 'expected UTF-8 bytes, got an invalid byte sequence')])
      }
      cancel()
      throw new NetworkError(
        redact(
          `${method} ${url}: the connection dropped while reading the answer (${error instanceof Error ? error.message : String(error)})`
        ),
        {cause: error}
      )
    } finally {
      abort.removeEventListener('abort', cancel)
    }
  }

  /** Sends with retries; returns the first non-transient response (or the last one), with its body. */
  async function request(
    method: 'GET' | 'DELETE' | 'POST',
    url: string,
    signal: AbortSignal | undefined
  ): Promise<{response: Response; body: string}> {
    const retryable = (status: number) => (method === 'DELETE' ? status === 429 : TRANSIENT.has(status))
    for (let attempt = 0; ; attempt++) {
      let answer: {response: Response; body: string} | undefined
      let failure: unknown
      try {
        answer = await exchange(method, url, signal)
      } catch (error) {
        if (!(error instanceof NetworkError || error instanceof TimeoutError) || method === 'DELETE') throw error
        failure = error
      }
      if (answer && !retryable(answer.response.status)) return answer
      if (attempt >= retries) {
        if (answer) return answer
        throw failure
      }
      await sleep(retryDelay(attempt, parseRetryAfter(answer?.response.headers.get('retry-after'), now()), backoff), signal)
    }
  }

  /**
   * The job in a (redacted) body. JSON may spell any character as a `\u` escape, and `/` as `\/`,
   * which the text redaction cannot see: such bodies are redacted value by value too.
   */
  const escapesKey = (body: string) => body.includes('\\u') || (apiKey.includes('/') && body.includes('\\/'))
  const parseJobBody = (body: string): Job => {
    if (!escapesKey(body)) return parseJob(body)
    let value: unknown
    try {
      value = JSON.parse(body)
    } catch {
      return parseJob(body) // reports the invalid JSON, with its place
    }
    return parseJob(redactValue(value, redact))
  }

  /** Server text made safe for an error: control characters spelled out, then redacted (the spelling adds characters). */
  const shown = (text: string) => redact(printable(text))
  /** The error with its message and stack redacted once more, as a whole: parts joined cannot spell the key either. */
  const sealed = <E extends Error>(error: E): E => {
    error.message = redact(error.message)
    if (error.stack !== undefined) error.stack = redact(error.stack)
    return error
  }

  const apiError = (response: Response, body: string, method: string, url: string): ApiError => {
    // Code and message are redacted decoded (JSON escapes read) and whole, before they are cut.
    const {code, message} = describeErrorBody(body, redact)
    return sealed(
      new ApiError(
        response.status,
        code === undefined ? `HTTP_${response.status}` : shown(code),
        shown(message ?? (redact(response.statusText) || 'no details')),
        method,
        url
      )
    )
  }

  async function getJob(id: string, {signal}: RequestOptions = {}): Promise<GetJobResult> {
    const url = urlOf(id)
    const {response, body} = await request('GET', url, signal)
    if (response.status !== 200 && response.status !== 202) throw apiError(response, body, 'GET', url)
    const job = parseJobBody(body)
    return {job, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now())}
  }

  /**
   * Polls under one deadline that bounds the whole call: a timer aborts the request in flight (or
   * the wait between polls) with `TimeoutError`, so a server that never answers cannot hold it.
   */
  async function waitForJob(id: string, options: WaitOptions = {}): Promise<Job> {
    const {signal: callerSignal, timeoutMs: limit} = options
    for (const key of ['pollIntervalMs', 'maxPollIntervalMs'] as const) checkDelay(key, options[key])
    if (limit !== undefined && (typeof limit !== 'number' || !(limit >= 0)))
      throw new OptionsError(`timeoutMs: expected a number ≥ 0, got ${JSON.stringify(limit)}`)
    if (limit === undefined || limit > MAX_TIMER_MS) return poll(id, options, callerSignal, Infinity)
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(new TimeoutError(`job ${id}: no final status within ${limit} ms`)), limit)
    const signal = callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal
    try {
      return await poll(id, options, signal, now() + limit)
    } finally {
      clearTimeout(timer)
    }
  }

  async function poll(id: string, options: WaitOptions, signal: AbortSignal | undefined, deadline: number): Promise<Job> {
    const {timeoutMs: limit, onUpdate, throwOnFailure = true, pollIntervalMs = 2000, maxPollIntervalMs = 60_000} = options
    for (;;) {
      const {job, retryAfterMs} = await getJob(id, {signal})
      if (TERMINAL_STATUSES.includes(job.status)) {
        onUpdate?.(job, undefined)
        if (job.status !== 'completed' && throwOnFailure) throw sealed(new JobFailedError(job))
        return job
      }
      const wait = Math.min(retryAfterMs ?? pollIntervalMs, maxPollIntervalMs)
      onUpdate?.(job, wait)
      if (now() + wait > deadline) throw new TimeoutError(`job ${id} still ${job.status} after ${limit} ms`)
      await sleep(wait, signal)
    }
  }

  async function expectNoContent(method: 'DELETE' | 'POST', url: string, signal: AbortSignal | undefined): Promise<void> {
    const {response, body} = await request(method, url, signal)
    if (response.status !== 204 && response.status !== 200) throw apiError(response, body, method, url)
  }

  return {
    getJob,
    waitForJob,
    cancelJob: async (id, {signal} = {}) => expectNoContent('DELETE', urlOf(id), signal),
    purgeJob: async (id, {signal} = {}) => expectNoContent('POST', urlOf(id, '/purge'), signal)
  }
}

/** Refuses an id that is not one plain path segment (src/client/job-id.ts says why). */
function checkJobId(id: unknown): asserts id is string {
  if (!isJobId(id))
    throw new OptionsError(`id: expected a job id that is ${JOB_ID_RULE}, got ${typeof id === 'string' ? JSON.stringify(id) : typeof id}`)
}

/** A promise that rejects with the signal's reason when it aborts (and never settles otherwise). */
function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), {once: true}))
}
