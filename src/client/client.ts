import {OptionsError} from '../errors.js'
import {type Job, TERMINAL_STATUSES} from '../model/index.js'
import {parseJob} from '../parse/parse.js'
import {ApiError, JobFailedError, NetworkError, TimeoutError} from './errors.js'
import {type BackoffOptions, parseRetryAfter, retryDelay, sleep as defaultSleep} from './retry.js'

export const DEFAULT_BASE_URL = 'https://api.ocrqueen.com'
/** The package version, for the default User-Agent (a test keeps it equal to package.json's). */
export const VERSION = '0.1.0'

export interface ClientOptions {
  /** The API key, sent as a bearer token (required). Never appears in errors. */
  apiKey: string
  /** Base URL of the API; `https:` unless it is a loopback address (default: `https://api.ocrqueen.com`). */
  baseUrl?: string
  /** The `fetch` to use (default: the platform's `fetch`). */
  fetch?: typeof fetch
  /** Time allowed for one HTTP request (default: `30000` ms). */
  timeoutMs?: number
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
  /** Give up (with `TimeoutError`) after this long (default: no limit). */
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
  const {apiKey, timeoutMs = 30_000, now = Date.now, sleep = defaultSleep} = options
  if (typeof apiKey !== 'string' || apiKey.trim() === '') throw new OptionsError('apiKey: expected a non-empty string')
  const base = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL)
  const fetchImpl = options.fetch ?? globalThis.fetch
  const {retries = 3, ...backoff} = options.retry ?? {}
  const headers = {authorization: `Bearer ${apiKey}`, accept: 'application/json', 'user-agent': options.userAgent ?? `docmodel/${VERSION}`}

  const urlOf = (id: string, suffix = '') => {
    if (typeof id !== 'string' || id === '') throw new OptionsError('id: expected a non-empty job id')
    return new URL(`${base.pathname.replace(/\/$/, '')}/v1/jobs/${encodeURIComponent(id)}${suffix}`, base).href
  }

  /** One HTTP exchange: a Response, or a NetworkError / TimeoutError; the caller's abort passes through. */
  async function send(method: string, url: string, signal: AbortSignal | undefined): Promise<Response> {
    const timeout = AbortSignal.timeout(timeoutMs)
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout
    try {
      return await fetchImpl(url, {method, headers, signal: combined, redirect: 'error'})
    } catch (error) {
      if (signal?.aborted) throw signal.reason
      if (timeout.aborted) throw new TimeoutError(`${method} ${url}: no answer within ${timeoutMs} ms`)
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
      throw new NetworkError(`${method} ${url}: ${error instanceof Error ? error.message : String(error)}${cause}`)
    }
  }

  /** Sends with retries; returns the first non-transient response (or the last one). */
  async function request(
    method: 'GET' | 'DELETE' | 'POST',
    url: string,
    signal: AbortSignal | undefined
  ): Promise<{response: Response; body: string}> {
    const retryable = (status: number) => (method === 'DELETE' ? status === 429 : TRANSIENT.has(status))
    for (let attempt = 0; ; attempt++) {
      let response: Response | undefined
      let failure: unknown
      try {
        response = await send(method, url, signal)
      } catch (error) {
        if (!(error instanceof NetworkError || error instanceof TimeoutError) || method === 'DELETE') throw error
        failure = error
      }
      const body = response ? await readBody(response, method, url, signal) : ''
      if (response && !retryable(response.status)) return {response, body}
      if (attempt >= retries) {
        if (response) return {response, body}
        throw failure
      }
      await sleep(retryDelay(attempt, parseRetryAfter(response?.headers.get('retry-after'), now()), backoff), signal)
    }
  }

  async function readBody(response: Response, method: string, url: string, signal: AbortSignal | undefined): Promise<string> {
    try {
      return await response.text()
    } catch (error) {
      if (signal?.aborted) throw signal.reason
      throw new NetworkError(
        `${method} ${url}: the connection dropped while reading the answer (${error instanceof Error ? error.message : String(error)})`
      )
    }
  }

  async function getJob(id: string, {signal}: RequestOptions = {}): Promise<GetJobResult> {
    const url = urlOf(id)
    const {response, body} = await request('GET', url, signal)
    if (response.status !== 200 && response.status !== 202) throw apiError(response, body, 'GET', url)
    const job = parseJob(body)
    return {job, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now())}
  }

  async function waitForJob(id: string, options: WaitOptions = {}): Promise<Job> {
    const {signal, timeoutMs: limit, onUpdate, throwOnFailure = true, pollIntervalMs = 2000, maxPollIntervalMs = 60_000} = options
    const deadline = limit === undefined ? Infinity : now() + limit
    for (;;) {
      const {job, retryAfterMs} = await getJob(id, {signal})
      if (TERMINAL_STATUSES.includes(job.status)) {
        onUpdate?.(job, undefined)
        if (job.status !== 'completed' && throwOnFailure) throw new JobFailedError(job)
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
    cancelJob: (id, {signal} = {}) => expectNoContent('DELETE', urlOf(id), signal),
    purgeJob: (id, {signal} = {}) => expectNoContent('POST', urlOf(id, '/purge'), signal)
  }
}

/** An ApiError from any error body: `{error: {code, message}}`, `{code, message}`, or not JSON at all. */
function apiError(response: Response, body: string, method: string, url: string): ApiError {
  let code: unknown
  let message: unknown
  try {
    const parsed = JSON.parse(body) as {error?: {code?: unknown; message?: unknown}; code?: unknown; message?: unknown}
    const source = parsed?.error && typeof parsed.error === 'object' ? parsed.error : parsed
    ;({code, message} = source ?? {})
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): fall back to the status.
  }
  const snippet = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200)
  return new ApiError(
    response.status,
    typeof code === 'string' && code !== '' ? code : `HTTP_${response.status}`,
    typeof message === 'string' && message !== '' ? message : snippet || response.statusText || 'no details',
    method,
    url
  )
}
