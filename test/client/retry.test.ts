import {describe, expect, it} from 'vitest'
import {parseRetryAfter, retryDelay} from '../../src/index.js'

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
