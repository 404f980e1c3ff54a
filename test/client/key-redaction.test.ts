import {type Server, type ServerResponse, createServer} from 'node:http'
import fc from 'fast-check'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ApiError, TimeoutError, createClient} from '../../src/index.js'
import {ERROR_BODY_BYTES} from '../../src/client/client.js'
import {describeErrorBody} from '../../src/client/error-body.js'
import {createRedactor} from '../../src/client/redact.js'
import {failure} from '../helpers/rejection.js'

/** A server on 127.0.0.1 that answers every request with whatever `answer` says (or never, if it says so). */
let answer: (res: ServerResponse) => void = (res) => res.end()
let server: Server
let baseUrl: string
beforeAll(async () => {
  server = createServer((_, res) => answer(res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as {port: number}).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

/** The first run of 8 consecutive characters of `key` (in any case) found in `text`, or undefined. */
function leakedRun(key: string, text: string): string | undefined {
  const haystack = text.toLowerCase()
  for (let i = 0; i + 8 <= key.length; i++) if (haystack.includes(key.slice(i, i + 8).toLowerCase())) return key.slice(i, i + 8)
  return undefined
}

/** Everything an error lets a caller or a log see: message, JSON, stack, and its cause's. */
function visible(error: Error): string {
  const cause = error.cause instanceof Error ? visible(error.cause) : String(error.cause ?? '')
  return [error.message, JSON.stringify({...error, message: error.message}), error.stack ?? '', cause].join('\n')
}

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
const swapCase = (c: string) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())

/** API keys: bearer-token characters (RFC 6750), 12 to 64 of them. */
const keyArb = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/'),
  minLength: 12,
  maxLength: 64
})

/**
 * A JSON string literal's content that spells (part of) the key the way a hostile server would: each
 * character as sent, `\u`-escaped or with its case swapped, the key cut at a point and split by
 * filler, and padded so that it straddles the 100-character cut of a code or the 1,000 of a message.
 */
const spelledArb = (key: string) =>
  fc
    .record({
      chars: fc.array(fc.constantFrom('plain', 'escaped', 'swapped', 'escaped-swapped'), {minLength: key.length, maxLength: key.length}),
      from: fc.nat(key.length - 1),
      splitAt: fc.nat(key.length),
      filler: fc.constantFrom('', ' ', '<b>', '\\n', '\\u0000', '-'),
      pad: fc.oneof(fc.integer({min: 0, max: 110}), fc.integer({min: 960, max: 1010})),
      echoes: fc.integer({min: 1, max: 3})
    })
    .map(({chars, from, splitAt, filler, pad, echoes}) => {
      const spelled = [...key].map((c, i) =>
        chars[i] === 'plain' ? c : chars[i] === 'escaped' ? escape(c) : chars[i] === 'swapped' ? swapCase(c) : escape(swapCase(c))
      )
      const cut = [...spelled.slice(from), ...spelled.slice(0, from)] // a rotation: the key cut, its pieces swapped
      const split = [...cut.slice(0, splitAt), filler, ...cut.slice(splitAt)]
      const keyText = spelled.join('')
      return 'x'.repeat(pad) + Array.from({length: echoes}, (_, i) => (i === 0 ? keyText : split.join(''))).join(' ')
    })

const bodyArb = (key: string) =>
  fc.oneof(
    fc
      .tuple(spelledArb(key), spelledArb(key))
      .map(([code, message]) => ({type: 'application/json', body: `{"error":{"code":"${code}","message":"${message}"}}`})),
    spelledArb(key).map((message) => ({type: 'application/json', body: `{"code":"E","message":"${message}"}`})),
    spelledArb(key).map((code) => ({type: 'application/json', body: `{"code":"${code}"}`})),
    spelledArb(key).map((text) => ({type: 'text/html', body: `<html><p>${text.replaceAll('\\', '')}</p></html>`}))
  )

describe('the key never reaches an error in any spelling (property, real server)', () => {
  it('no 8 consecutive key characters in message, JSON, stack or cause', async () => {
    await fc.assert(
      fc.asyncProperty(
        keyArb.chain((key) => fc.tuple(fc.constant(key), bodyArb(key))),
        async ([key, {type, body}]) => {
          answer = (res) => res.writeHead(400, {'content-type': type}).end(body)
          const error = await failure(createClient({apiKey: key, baseUrl, retry: {retries: 0}}).getJob('job'))
          expect(error).toBeInstanceOf(ApiError)
          expect(leakedRun(key, visible(error))).toBeUndefined()
          expect(leakedRun(key, (error as ApiError).code)).toBeUndefined()
        }
      ),
      {numRuns: 300}
    )
  })

  it('the pure step agrees: decoded code and message are redacted before they are cut', () => {
    fc.assert(
      fc.property(
        keyArb.chain((key) => fc.tuple(fc.constant(key), bodyArb(key))),
        ([key, {body}]) => {
          const {code, message} = describeErrorBody(body, createRedactor(key))
          expect(leakedRun(key, `${code}`)).toBeUndefined()
          expect(leakedRun(key, `${message}`)).toBeUndefined()
        }
      ),
      {numRuns: 1000}
    )
  })
})

describe('regressions of issue 24', () => {
  const key = 'sk_live_SECRET_0123456789abcdefghijklmn' // 39 characters
  const escaped = [...key].map(escape).join('')

  it('a \\u-escaped key padded to straddle the 1,000-character message cut', async () => {
    answer = (res) => res.writeHead(400, {'content-type': 'application/json'}).end(`{"code":"E","message":"${'x'.repeat(999)}${escaped}"}`)
    const error = await failure(createClient({apiKey: key, baseUrl, retry: {retries: 0}}).getJob('job'))
    expect(error.message).toBe(`GET ${baseUrl}/v1/jobs/job: 400 E: ${'x'.repeat(999)}[…`)
    expect(leakedRun(key, visible(error))).toBeUndefined()
  })

  it('a \\u-escaped key padded to straddle the 100-character code cut', async () => {
    answer = (res) => res.writeHead(400, {'content-type': 'application/json'}).end(`{"code":"${'C'.repeat(95)}${escaped}","message":"m"}`)
    const error = (await failure(createClient({apiKey: key, baseUrl, retry: {retries: 0}}).getJob('job'))) as ApiError
    expect(error.code).toBe(`${'C'.repeat(95)}[REDA…`)
    expect(leakedRun(key, visible(error))).toBeUndefined()
  })

  it('a key echoed in swapped case, and in two halves', async () => {
    answer = (res) =>
      res
        .writeHead(400, {'content-type': 'application/json'})
        .end(
          JSON.stringify({
            code: 'E',
            message: `${swapCase(key[0]!)}${[...key.slice(1)].map(swapCase).join('')} / ${key.slice(0, 20)} ${key.slice(20)}`
          })
        )
    const error = await failure(createClient({apiKey: key, baseUrl, retry: {retries: 0}}).getJob('job'))
    expect(error.message).toBe(`GET ${baseUrl}/v1/jobs/job: 400 E: [REDACTED] / [REDACTED] [REDACTED]`)
  })

  it(`reads only the first ${ERROR_BODY_BYTES} bytes of an error answer (an endless one included)`, async () => {
    let closed!: () => void
    const hungUp = new Promise<void>((resolve) => (closed = resolve))
    answer = (res) => {
      res.writeHead(500, {'content-type': 'text/plain'})
      const chunk = Buffer.alloc(64 * 1024, 'e')
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump)
      }
      res.on('close', closed)
      pump()
    }
    const error = await failure(createClient({apiKey: key, baseUrl, retry: {retries: 0}, maxResponseBytes: 1024 * 1024}).getJob('job'))
    expect(error).toBeInstanceOf(ApiError)
    expect(error.message).toBe(`GET ${baseUrl}/v1/jobs/job: 500 HTTP_500: ${'e'.repeat(200)}…`)
    await hungUp
  })
})

describe('waitForJob: the deadline bounds the whole call', () => {
  it('rejects with TimeoutError at timeoutMs against a server that never answers, the request in flight included', async () => {
    const pending: ServerResponse[] = []
    answer = (res) => void pending.push(res) // never answers
    const client = createClient({apiKey: 'k'.repeat(20), baseUrl, retry: {retries: 0}, timeoutMs: Infinity})
    const error = await failure(client.waitForJob('job', {timeoutMs: 300}))
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error.message).toBe('job job: no final status within 300 ms')
    for (const res of pending) res.destroy()
  })

  it('the caller’s own abort still wins', async () => {
    answer = () => {}
    const controller = new AbortController()
    const waiting = createClient({apiKey: 'k'.repeat(20), baseUrl, retry: {retries: 0}}).waitForJob('job', {
      timeoutMs: 60_000,
      signal: controller.signal
    })
    controller.abort(new Error('stop'))
    expect((await failure(waiting)).message).toBe('stop')
  })

  it('refuses a timeoutMs that is not a number ≥ 0', async () => {
    const client = createClient({apiKey: 'k'.repeat(20), baseUrl})
    expect((await failure(client.waitForJob('job', {timeoutMs: -1}))).message).toBe('timeoutMs: expected a number ≥ 0, got -1')
  })
})
