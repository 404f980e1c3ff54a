import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {
  ApiError,
  JobFailedError,
  OptionsError,
  ResponseTooLargeError,
  TimeoutError,
  ValidationError,
  createClient
} from '../../src/index.js'
import {type ContractServer, type EchoPlace, createContractServer} from '../../src/testing/index.js'
import {failure} from '../helpers/rejection.js'

// Long enough that a 40-character cut of a message would still show part of it.
const KEY = 'sk_live_SECRET_0123456789abcdefghijklmnopqrstuvwxyz'
let server: ContractServer
beforeEach(async () => {
  server = await createContractServer({keys: {[KEY]: ['jobs:read', 'jobs:write']}})
})
afterEach(() => server.close())

const client = (options: Partial<Parameters<typeof createClient>[0]> = {}) =>
  createClient({apiKey: KEY, baseUrl: server.url, retry: {retries: 0}, timeoutMs: 5000, ...options})

/** Resolves with the bytes the server had sent when the client hung up. */
function hangup(): {onClose: (bytes: number) => void; closed: Promise<number>} {
  let onClose!: (bytes: number) => void
  const closed = new Promise<number>((resolve) => (onClose = resolve))
  return {onClose, closed}
}

describe('response bodies are bounded', () => {
  it('stops reading an endless body at maxResponseBytes, hanging up', async () => {
    const id = server.addJob()
    const {onClose, closed} = hangup()
    server.injectFaults(id, {kind: 'endless', onClose})
    const error = await failure(client({maxResponseBytes: 1024 * 1024}).getJob(id))
    expect(error).toBeInstanceOf(ResponseTooLargeError)
    expect(error).toMatchObject({name: 'ResponseTooLargeError', code: 'response_too_large', limit: 1024 * 1024})
    expect(error.message).toBe(
      `GET ${server.url}/v1/jobs/${id}: the answer is larger than maxResponseBytes (1048576 bytes); raise the option to accept it`
    )
    // The server sees the connection close: nothing keeps reading in the background.
    expect(await closed).toBeLessThan(64 * 1024 * 1024)
  })

  it('refuses a Content-Length beyond the limit before reading the body', async () => {
    const id = server.addJob()
    const {onClose, closed} = hangup()
    server.injectFaults(id, {kind: 'length', declared: 10 ** 12, onClose})
    const error = await failure(client().getJob(id))
    expect(error).toMatchObject({name: 'ResponseTooLargeError', limit: 512 * 1024 * 1024})
    expect(await closed).toBe(11)
  })

  it('times out a slow endless body, reading included, and cancels the stream', async () => {
    const id = server.addJob()
    const {onClose, closed} = hangup()
    server.injectFaults(id, {kind: 'endless', intervalMs: 20, onClose})
    const error = await failure(client({timeoutMs: 300}).getJob(id))
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error.message).toBe(`GET ${server.url}/v1/jobs/${id}: no answer within 300 ms`)
    await closed
  })

  it('cancels the stream when the caller aborts mid-body', async () => {
    const id = server.addJob()
    const {onClose, closed} = hangup()
    server.injectFaults(id, {kind: 'endless', intervalMs: 20, onClose})
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('stop')), 100)
    const error = await failure(client().getJob(id, {signal: controller.signal}))
    expect(error.message).toBe('stop')
    await closed
  })

  it('refuses a limit that is not a number ≥ 0', () => {
    expect(() => client({maxResponseBytes: -1})).toThrow(new OptionsError('maxResponseBytes: expected a number ≥ 0, got -1'))
    expect(() => client({maxResponseBytes: Number.NaN})).toThrow(OptionsError)
  })
})

describe('the API key never reaches an error, even when the server echoes it', () => {
  const leaks = (error: Error) =>
    JSON.stringify({...error, message: error.message, stack: error.stack, issues: (error as ValidationError).issues}).includes('SECRET')

  it.each<[EchoPlace, string, string]>([
    ['message', 'ApiError', 'GET {url}: 400 BAD_REQUEST: Rejected header: authorization: Bearer [REDACTED]'],
    ['code', 'ApiError', 'GET {url}: 400 Bearer [REDACTED]: The code is the header.'],
    ['escaped', 'ApiError', 'GET {url}: 400 BAD_REQUEST: Rejected: Bearer [REDACTED]'],
    ['html', 'ApiError', 'GET {url}: 400 HTTP_400: Bad request authorization: Bearer [REDACTED]'],
    ['status_text', 'ApiError', 'GET {url}: 400 HTTP_400: Bad header Bearer [REDACTED]'],
    ['job_error', 'JobFailedError', 'job {id} failed: E_Bearer [REDACTED]: Bad key Bearer [REDACTED]'],
    [
      'invalid_value',
      'ValidationError',
      'Invalid job (1 issue):\n  status: expected "queued" | "processing" | "completed" | "failed" | "cancelled", got "Bearer [REDACTED]"'
    ]
  ])('in %s', async (where, name, message) => {
    const id = server.addJob()
    server.injectFaults(id, {kind: 'echo', where})
    const error = await failure(client().waitForJob(id))
    expect(error.name).toBe(name)
    expect(error.message).toBe(message.replace('{url}', `${server.url}/v1/jobs/${id}`).replace('{id}', id))
    expect(leaks(error)).toBe(false)
    if (error instanceof JobFailedError) expect(JSON.stringify(error.job)).not.toContain('SECRET')
  })

  it('in a \\u-escaped job error', async () => {
    const id = server.addJob({statuses: ['failed'], error: {code: 'E', message: 'PLACEHOLDER'}})
    const escaped = [...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
    server.injectFaults(id, {kind: 'malformed', body: JSON.stringify(server.job(id)).replace('PLACEHOLDER', escaped)})
    const error = await failure(client().waitForJob(id))
    expect(error).toBeInstanceOf(JobFailedError)
    expect(error.message).toBe(`job ${id} failed: E: [REDACTED]`)
  })
})

it('redacts a key with a slash echoed as \\/ in a job error', async () => {
  const key = 'sk/live/SECRET'
  const slashed = await createContractServer({keys: {[key]: ['jobs:read']}})
  try {
    const id = slashed.addJob({statuses: ['failed'], error: {code: 'E', message: 'PLACEHOLDER'}})
    slashed.injectFaults(id, {kind: 'malformed', body: JSON.stringify(slashed.job(id)).replace('PLACEHOLDER', key.replaceAll('/', '\\/'))})
    const error = await failure(createClient({apiKey: key, baseUrl: slashed.url, retry: {retries: 0}}).waitForJob(id))
    expect(error.message).toBe(`job ${id} failed: E: [REDACTED]`)
  } finally {
    await slashed.close()
  }
})

describe('job ids are single path segments', () => {
  it.each(['.', '..', 'a/b', '../purge', 'a\\b', 'a\u001b[2Jb', '\ud800', ''])(
    'refuses %j with OptionsError, sending nothing',
    async (id) => {
      for (const call of [
        (c: ReturnType<typeof client>) => c.getJob(id),
        (c: ReturnType<typeof client>) => c.cancelJob(id),
        (c: ReturnType<typeof client>) => c.purgeJob(id)
      ]) {
        const error = await failure(call(client()))
        expect(error).toBeInstanceOf(OptionsError)
        expect(error.message).toMatch(
          /^id: expected a job id that is one URL path segment \(not "\." or "\.\.", no slash, backslash, control character or lone surrogate\), got /
        )
      }
      expect(server.requests).toHaveLength(0)
    }
  )

  it('accepts and encodes other characters', async () => {
    const id = server.addJob({id: '.a..?#%20 é'})
    await client().getJob(id)
    expect(server.requests.at(-1)!.path).toBe('/v1/jobs/.a..%3F%23%2520%20%C3%A9')
  })
})

it('an ApiError keeps at most 200 characters of a non-JSON body', async () => {
  const id = server.addJob()
  server.injectFaults(id, {kind: 'status', status: 400, contentType: 'text/html', body: '<'.repeat(100_000)})
  const error = (await failure(client().getJob(id))) as ApiError
  expect(error.message).toBe(`GET ${server.url}/v1/jobs/${id}: 400 HTTP_400: ${'<'.repeat(200)}…`)
})

it('spells out control characters of server text in error messages (no raw ANSI escapes)', async () => {
  const id = server.addJob({statuses: ['failed'], error: {code: 'E\u001b[31m', message: 'red\u001b[2J\u0007\u009b'}})
  const failed = await failure(client().waitForJob(id))
  expect(failed.message).toBe(`job ${id} failed: E\\u001b[31m: red\\u001b[2J\\u0007\\u009b`)
  server.injectFaults(id, {kind: 'status', status: 400, body: JSON.stringify({code: 'X\u001b', message: 'm\u001b[0m\nnext'})})
  expect((await failure(client().getJob(id))).message).toBe(`GET ${server.url}/v1/jobs/${id}: 400 X\\u001b: m\\u001b[0m\\u000anext`)
})

it('counts the body after decompression: a gzip bomb stops at the limit', async () => {
  const {createServer} = await import('node:http')
  const {gzipSync} = await import('node:zlib')
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)) // 64 MiB of spaces in ~64 KiB
  const raw = createServer((_, res) => {
    res.writeHead(200, {'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length)})
    res.end(bomb)
  })
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve))
  const {port} = raw.address() as {port: number}
  try {
    const error = await failure(client({baseUrl: `http://127.0.0.1:${port}`, maxResponseBytes: 1024 * 1024}).getJob('j'))
    expect(error).toMatchObject({name: 'ResponseTooLargeError', limit: 1024 * 1024})
  } finally {
    raw.closeAllConnections()
    await new Promise((resolve) => raw.close(resolve))
  }
})

it('takes timeoutMs: Infinity as no limit (not as a timer that fires at once)', async () => {
  const id = server.addJob()
  server.injectFaults(id, {kind: 'slow', delayMs: 50})
  expect((await client({timeoutMs: Infinity}).getJob(id)).job.job_id).toBe(id)
})
