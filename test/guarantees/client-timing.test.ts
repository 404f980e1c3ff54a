// README, "Jobs API client": "Retries use exponential backoff with full jitter, and Retry-After when
// the server sends it (capped by maxDelayMs)"; `parseRetryAfter`: "a Retry-After value in ms
// (undefined when absent or malformed)", seconds or an HTTP-date, never negative; and "Errors":
// "Bad options always throw OptionsError" — for the client's timing options too, before any request.
import {fc, test} from '@fast-check/vitest'
import {describe, expect} from 'vitest'
import {OptionsError, createClient, parseRetryAfter, retryDelay} from '../../src/index.js'

const delayArb = fc.oneof(fc.constant(0), fc.integer({min: 1, max: 100_000}), fc.double({min: 0, max: 1e6, noNaN: true}))

describe('retryDelay', () => {
  test.prop(
    [
      fc.oneof(fc.nat({max: 40}), fc.integer({min: 1000, max: 1100}), fc.nat({max: 5000})),
      fc.option(fc.oneof(fc.nat({max: 10_000_000}), fc.constant(Infinity)), {nil: undefined}),
      delayArb,
      fc.oneof(delayArb, fc.constant(Infinity)),
      fc.oneof(fc.constant(0), fc.double({min: 0, max: 1, maxExcluded: true, noNaN: true}))
    ],
    {numRuns: 1000}
  )('full jitter below min · 2^attempt, capped by maxDelayMs; Retry-After wins, capped too', (attempt, retryAfterMs, minDelayMs, maxDelayMs, r) => {
    const delay = retryDelay(attempt, retryAfterMs, {minDelayMs, maxDelayMs, random: () => r})
    if (retryAfterMs !== undefined) {
      expect(delay).toBe(Math.min(retryAfterMs, maxDelayMs))
      return
    }
    expect(Number.isFinite(delay) || maxDelayMs === Infinity).toBe(true)
    expect(Number.isNaN(delay)).toBe(false)
    expect(delay).toBeGreaterThanOrEqual(0)
    expect(delay).toBeLessThanOrEqual(maxDelayMs)
    const ceiling = minDelayMs === 0 ? 0 : Math.min(maxDelayMs, minDelayMs * 2 ** attempt)
    expect(delay).toBe(r === 0 ? 0 : Math.floor(r * ceiling))
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-05-14T12:00:00Z')
  const pad = fc.constantFrom('', ' ', '  ', '\t')

  test.prop([fc.oneof(fc.nat({max: 1_000_000}), fc.nat()), pad, pad], {numRuns: 300})('delta-seconds: n → n · 1000 ms', (n, left, right) => {
    expect(parseRetryAfter(`${left}${n}${right}`, now)).toBe(n * 1000)
  })

  test.prop([fc.integer({min: -10_000_000, max: 10_000_000})], {numRuns: 300})(
    'an HTTP-date: its distance from now, never negative',
    (seconds) => {
      const date = new Date(now + seconds * 1000).toUTCString() // IMF-fixdate: "Thu, 14 May 2026 12:00:05 GMT"
      expect(parseRetryAfter(date, now)).toBe(Math.max(0, seconds * 1000))
    }
  )

  test.prop(
    [
      fc.oneof(
        fc.nat().map((n) => `-${n}`),
        fc.tuple(fc.nat(), fc.nat({max: 9})).map(([n, d]) => `${n}.${d}`),
        fc.nat().map((n) => `${n} s`),
        fc.nat().map((n) => `${n}s`),
        fc.integer({min: 0, max: 1e9}).map((s) => new Date(s * 1000).toISOString()),
        fc.constantFrom('', ' ', 'soon', 'never', 'GMT', 'Thu, 99 Foo 2026 GMT', '0x10', '1e3', '+5', '١٢')
      )
    ],
    {numRuns: 300}
  )('undefined when malformed', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined()
  })
})

describe('the client’s timing options', () => {
  const bad = fc.constantFrom<unknown>(-1, -0.5, Number.NaN, -Infinity, '5', null, true, {})
  const noRequest = () => {
    throw new Error('a request was made')
  }

  test.prop([fc.constantFrom('retries', 'minDelayMs', 'maxDelayMs'), bad], {numRuns: 60})(
    'createClient: a bad retry option throws OptionsError naming it',
    (key, value) => {
      const make = () => createClient({apiKey: 'k', fetch: noRequest, retry: {[key]: value}})
      expect(make).toThrow(OptionsError)
      expect(make).toThrow(`retry.${key}: expected`)
    }
  )

  test.prop([fc.constantFrom('pollIntervalMs', 'maxPollIntervalMs', 'timeoutMs'), bad], {numRuns: 60})(
    'waitForJob: a bad timing option rejects with OptionsError naming it, before any request',
    async (key, value) => {
      const client = createClient({apiKey: 'k', fetch: noRequest})
      await expect(client.waitForJob('j', {[key]: value})).rejects.toThrow(OptionsError)
      await expect(client.waitForJob('j', {[key]: value})).rejects.toThrow(`${key}: expected`)
    }
  )

  test.prop([fc.nat({max: 10}), delayArb, fc.oneof(delayArb, fc.constant(Infinity))], {numRuns: 60})(
    'createClient: good retry options are taken',
    (retries, minDelayMs, maxDelayMs) => {
      expect(() => createClient({apiKey: 'k', fetch: noRequest, retry: {retries, minDelayMs, maxDelayMs}})).not.toThrow()
      expect(() => createClient({apiKey: 'k', fetch: noRequest, retry: {retries: Infinity}})).not.toThrow()
    }
  )
})
