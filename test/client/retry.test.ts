import {describe, expect, it} from 'vitest'
import {parseRetryAfter, retryDelay} from '../../src/index.js'
import {sleep} from '../../src/client/retry.js'

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-05-14T12:00:00Z')
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
  })
  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Thu, 14 May 2026 12:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('Thu, 14 May 2026 11:00:00 GMT', now)).toBe(0)
  })
  it('ignores what is absent or malformed', () => {
    for (const header of [null, undefined, '', '-1', '1.5', 'soon', '3 s', '2026-05-14'])
      expect(parseRetryAfter(header, now), String(header)).toBeUndefined()
  })
})

describe('retryDelay', () => {
  it('grows exponentially with full jitter, capped', () => {
    expect([0, 1, 2, 3].map((attempt) => retryDelay(attempt, undefined, {random: () => 0.999}))).toEqual([249, 499, 999, 1998])
    expect(retryDelay(20, undefined, {random: () => 0.5, maxDelayMs: 4000})).toBe(2000)
    expect(retryDelay(3, undefined, {random: () => 0})).toBe(0)
  })
  it('lets Retry-After win, within the cap', () => {
    expect(retryDelay(0, 3000, {random: () => 0})).toBe(3000)
    expect(retryDelay(0, 60_000, {maxDelayMs: 10_000})).toBe(10_000)
  })
})

describe('sleep', () => {
  // Node fires a timer of more than 2³¹ − 1 ms after 1 ms: a backoff or poll wait with a huge
  // `maxDelayMs` or `maxPollIntervalMs` would hammer the server instead of waiting.
  it('waits past the longest timer (and Infinity until the signal), not 1 ms', async () => {
    for (const ms of [2 ** 31, 2 ** 31 + 10, 2 ** 40, Infinity]) {
      const controller = new AbortController()
      let settled = 'no'
      const waiting = sleep(ms, controller.signal).then(
        () => (settled = 'resolved'),
        () => (settled = 'rejected')
      )
      // A 1 ms timer (what Node makes of a longer one) fires before this 30 ms one.
      await new Promise((resolve) => setTimeout(resolve, 30))
      expect(settled, String(ms)).toBe('no')
      controller.abort(new Error('stop'))
      await waiting
      expect(settled, String(ms)).toBe('rejected')
    }
  })
  it('waits a short delay as given', async () => {
    const started = performance.now()
    await sleep(5)
    expect(performance.now() - started).toBeGreaterThanOrEqual(4)
  })
})
