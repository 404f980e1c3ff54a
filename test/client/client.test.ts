import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {ApiError, JobFailedError, NetworkError, TimeoutError, ValidationError, createClient} from '../../src/index.js'
import {type ContractServer, createContractServer} from '../../src/testing/index.js'
import {failure} from '../helpers/rejection.js'

const KEY = 'sk_live_SECRET_1234567890'
let server: ContractServer
beforeEach(async () => {
  server = await createContractServer({keys: {[KEY]: ['jobs:read', 'jobs:write'], read_only: ['jobs:read']}})
})
afterEach(() => server.close())

// Short real waits: backoff and Retry-After stay in milliseconds.
const client = (options: Partial<Parameters<typeof createClient>[0]> = {}) =>
  createClient({apiKey: KEY, baseUrl: server.url, retry: {retries: 3, minDelayMs: 5, maxDelayMs: 50}, timeoutMs: 2000, ...options})

describe('getJob', () => {
  it('returns the validated job and its Retry-After', async () => {
    const id = server.addJob({retryAfter: '1'})
    const {job, retryAfterMs} = await client().getJob(id)
    expect(job).toMatchObject({job_id: id, status: 'queued', document: null})
    expect(retryAfterMs).toBe(1000)
  })

  it('URL-encodes the job id', async () => {
    const id = server.addJob({id: 'a?c#d e'})
    await client().getJob(id)
    expect(server.requests.at(-1)!.path).toBe('/v1/jobs/a%3Fc%23d%20e')
  })

  it('gives JOB_NOT_FOUND for an unknown job or one of another key', async () => {
    const id = server.addJob({owner: 'read_only'})
    for (const missing of ['nope', id]) {
      const error = await failure(client().getJob(missing))
      expect(error).toBeInstanceOf(ApiError)
      expect(error).toMatchObject({name: 'ApiError', status: 404, code: 'JOB_NOT_FOUND'})
    }
  })

  it('retries 429 and 503 honouring Retry-After, then succeeds', async () => {
    const id = server.addJob()
    server.injectFaults(
      id,
      {kind: 'status', status: 429, retryAfter: '0'},
      {kind: 'status', status: 503, retryAfter: 'Thu, 01 Jan 1970 00:00:00 GMT'}
    )
    const {job} = await client().getJob(id)
    expect(job.status).toBe('queued')
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET'])
  })

  it.each([408, 429, 500, 502, 503, 504])('retries a GET answered %i', async (status) => {
    const id = server.addJob()
    server.injectFaults(id, {kind: 'status', status})
    expect((await client().getJob(id)).job.job_id).toBe(id)
    expect(server.requests).toHaveLength(2)
  })

  it.each([400, 401, 403, 404, 409, 501])('does not retry a GET answered %i', async (status) => {
    const id = server.addJob()
    server.injectFaults(id, {kind: 'status', status})
    expect(await failure(client().getJob(id))).toMatchObject({status})
    expect(server.requests).toHaveLength(1)
  })

  it('honours a Retry-After in seconds between attempts', async () => {
    const id = server.addJob()
    server.injectFaults(id, {kind: 'status', status: 503, retryAfter: '1'})
    await client({retry: {retries: 1, maxDelayMs: 5000}}).getJob(id)
    const [first, second] = server.requests
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950)
  })

  it('retries dropped connections, and gives NetworkError when they persist', async () => {
    const id = server.addJob()
    server.injectFaults(id, {kind: 'drop'})
    expect((await client().getJob(id)).job.job_id).toBe(id)
    server.injectFaults(id, {kind: 'drop'}, {kind: 'drop'}, {kind: 'drop'}, {kind: 'drop'})
    const error = await failure(client().getJob(id))
    expect(error).toBeInstanceOf(NetworkError)
    expect(error.name).toBe('NetworkError')
    // The failure it wraps stays reachable, as ky keeps it.
    expect(error.cause).toBeInstanceOf(Error)
  })

  it('times out slow answers with TimeoutError', async () => {
    const id = server.addJob()
    server.injectFaults(id, {kind: 'slow', delayMs: 500}, {kind: 'slow', delayMs: 500})
    const error = await failure(client({timeoutMs: 100, retry: {retries: 1, minDelayMs: 1}}).getJob(id))
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error.message).toMatch(/no answer within 100 ms/)
  })

  it('gives the last error after the retries run out', async () => {
    const id = server.addJob()
    server.injectFaults(
      id,
      ...Array.from({length: 4}, () => ({
        kind: 'status' as const,
        status: 502,
        body: '<html><body>Bad gateway</body></html>',
        contentType: 'text/html'
      }))
    )
    const error = await failure(client().getJob(id))
    expect(error).toMatchObject({name: 'ApiError', status: 502, code: 'HTTP_502', message: expect.stringContaining('Bad gateway')})
    expect(server.requests).toHaveLength(4)
  })

  it('reads bare {code, message} bodies and survives empty ones', async () => {
    const id = server.addJob()
    server.injectFaults(
      id,
      {kind: 'status', status: 400, body: '{"code": "BAD_ID", "message": "Malformed id."}'},
      {kind: 'status', status: 418, body: ''}
    )
    expect(await failure(client().getJob(id))).toMatchObject({
      status: 400,
      code: 'BAD_ID',
      message: expect.stringContaining('Malformed id.')
    })
    expect(await failure(client().getJob(id))).toMatchObject({status: 418, code: 'HTTP_418'})
  })

  it('gives ValidationError when the server breaks the contract', async () => {
    const id = server.addJob()
    server.injectFaults(id, {kind: 'malformed', body: '{"job_id": "x", "status": "done"'})
    const error = await failure(client().getJob(id))
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).issues[0]!.code).toBe('invalid_json')
    server.injectFaults(id, {kind: 'malformed', body: '{"job_id": "x", "status": "done"}'})
    expect(((await failure(client().getJob(id))) as ValidationError).issues.map((i) => i.pointer)).toContain('/status')
  })

  it('refuses to follow a redirect (the key would travel with it)', async () => {
    const id = server.addJob()
    server.injectFaults(id, {kind: 'status', status: 302, headers: {location: 'https://elsewhere.example/steal'}})
    const error = await failure(client({retry: {retries: 0}}).getJob(id))
    expect(error).toBeInstanceOf(NetworkError)
    expect(server.requests).toHaveLength(1)
  })

  it('never lets the API key out: not in messages, not in enumerable fields', async () => {
    const id = server.addJob()
    server.injectFaults(
      id,
      {kind: 'status', status: 500},
      {kind: 'status', status: 500},
      {kind: 'status', status: 500},
      {kind: 'status', status: 500}
    )
    const errors = [
      await failure(client().getJob(id)),
      await failure(client({apiKey: 'unknown_SECRET'}).getJob(id)),
      await failure(client({baseUrl: 'http://127.0.0.1:1'}).getJob(id))
    ]
    for (const error of errors) {
      const seen = JSON.stringify({...error, message: error.message, stack: error.stack})
      expect(seen).not.toContain('SECRET')
    }
    expect(JSON.stringify(client())).not.toContain('SECRET')
  })
})

describe('waitForJob', () => {
  it('polls queued → processing → completed, waiting what Retry-After says', async () => {
    const id = server.addJob({retryAfter: '0'})
    const seen: string[] = []
    const job = await client().waitForJob(id, {onUpdate: (j, next) => seen.push(`${j.status}:${next}`)})
    expect(job.status).toBe('completed')
    expect(job.document?.pages[0]?.blocks[0]).toMatchObject({text: 'Test document'})
    expect(seen).toEqual(['queued:0', 'processing:0', 'completed:undefined'])
  })

  it('waits the default 2 s when Retry-After is malformed, or less when the cap says so', async () => {
    const id = server.addJob({retryAfter: 'soon', statuses: ['queued', 'completed']})
    const waits: Array<number | undefined> = []
    await client().waitForJob(id, {onUpdate: (_, next) => waits.push(next), maxPollIntervalMs: 10})
    expect(waits).toEqual([10, undefined])
    const sleeps: number[] = []
    const other = server.addJob({retryAfter: 'soon', statuses: ['queued', 'completed']})
    await client({sleep: async (ms) => void sleeps.push(ms)}).waitForJob(other)
    expect(sleeps).toEqual([2000])
  })

  it('throws JobFailedError with the job’s code, or returns the job when asked', async () => {
    const id = server.addJob({statuses: ['processing', 'failed'], error: {code: 'PDF_ENCRYPTED', message: 'Encrypted.'}})
    const error = await failure(client().waitForJob(id))
    expect(error).toBeInstanceOf(JobFailedError)
    expect(error).toMatchObject({name: 'JobFailedError', code: 'PDF_ENCRYPTED'})
    const other = server.addJob({statuses: ['failed']})
    expect((await client().waitForJob(other, {throwOnFailure: false})).status).toBe('failed')
  })

  it('gives up with TimeoutError after timeoutMs', async () => {
    const id = server.addJob({statuses: ['queued'], retryAfter: '0'})
    const error = await failure(client().waitForJob(id, {timeoutMs: 50, pollIntervalMs: 20}))
    expect(error).toBeInstanceOf(TimeoutError)
  })

  it('stops at once when aborted mid-wait', async () => {
    const id = server.addJob({statuses: ['queued'], retryAfter: '30'})
    const controller = new AbortController()
    const started = Date.now()
    const waiting = client().waitForJob(id, {signal: controller.signal})
    setTimeout(() => controller.abort(new Error('stop')), 100)
    expect((await failure(waiting)).message).toBe('stop')
    expect(Date.now() - started).toBeLessThan(5000)
  })
})

describe('cancelJob and purgeJob', () => {
  it('cancels a running job (204), then answers 409 JOB_ALREADY_CANCELLED', async () => {
    const id = server.addJob({statuses: ['processing']})
    await client().cancelJob(id)
    expect(server.job(id)?.status).toBe('cancelled')
    expect(await failure(client().cancelJob(id))).toMatchObject({status: 409, code: 'JOB_ALREADY_CANCELLED'})
  })

  it('answers 409 JOB_ALREADY_COMPLETED and JOB_ALREADY_FAILED for terminal jobs', async () => {
    const done = server.addJob({statuses: ['completed']})
    const failed = server.addJob({statuses: ['failed']})
    expect(await failure(client().cancelJob(done))).toMatchObject({status: 409, code: 'JOB_ALREADY_COMPLETED'})
    expect(await failure(client().cancelJob(failed))).toMatchObject({status: 409, code: 'JOB_ALREADY_FAILED'})
  })

  it('does not retry a DELETE after a 503 (it may have gone through), but does after a 429', async () => {
    const id = server.addJob({statuses: ['processing']})
    server.injectFaults(id, {kind: 'status', status: 503})
    expect(await failure(client().cancelJob(id))).toMatchObject({status: 503})
    expect(server.requests).toHaveLength(1)
    server.injectFaults(id, {kind: 'status', status: 429, retryAfter: '0'})
    await client().cancelJob(id)
    expect(server.requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE', 'DELETE'])
  })

  it('purges idempotently, and needs jobs:write', async () => {
    const id = server.addJob({statuses: ['completed']})
    await client().purgeJob(id)
    await client().purgeJob(id)
    expect(server.job(id)?.document?.pages).toEqual([])
    const mine = server.addJob({owner: 'read_only'})
    expect(await failure(client({apiKey: 'read_only'}).purgeJob(mine))).toMatchObject({status: 403, code: 'INSUFFICIENT_SCOPE'})
    expect(await failure(client().purgeJob('nope'))).toMatchObject({status: 404, code: 'JOB_NOT_FOUND'})
  })
})

describe('createClient', () => {
  it('refuses plain http to a remote host, and a missing key', () => {
    expect(() => createClient({apiKey: KEY, baseUrl: 'http://api.example.com'})).toThrow(
      'baseUrl: expected https: (or http: to a loopback address), got "http://api.example.com"'
    )
    expect(() => createClient({apiKey: KEY, baseUrl: 'http://localhost:8080'})).not.toThrow()
    expect(() => createClient({apiKey: ' '})).toThrow('apiKey: expected a non-empty string')
  })
  it('sends the bearer key and a user agent', async () => {
    const id = server.addJob()
    const seen: Headers[] = []
    const spy: typeof fetch = (input, init) => (seen.push(new Headers(init?.headers)), fetch(input, init))
    await client({fetch: spy, userAgent: 'pipeline/1'}).getJob(id)
    expect(seen[0]!.get('authorization')).toBe(`Bearer ${KEY}`)
    expect(seen[0]!.get('user-agent')).toBe('pipeline/1')
  })
})
