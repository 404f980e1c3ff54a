/**
 * The delay a `Retry-After` header asks for, in milliseconds: delta-seconds or an HTTP-date
 * (relative to `now`). `undefined` when absent or malformed; never negative.
 *
 * @example
 * parseRetryAfter('3', Date.now()) // 3000
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined
  const value = header.trim()
  if (/^\d+$/.test(value)) return Number(value) * 1000
  // An HTTP-date (IMF-fixdate and the obsolete forms Date.parse accepts): must name a weekday or GMT.
  if (!/GMT$|^[A-Za-z]{3},? /.test(value)) return undefined
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

export interface BackoffOptions {
  /** Delay before the first retry (default: `250` ms). */
  minDelayMs?: number
  /** Upper bound of any delay, `Retry-After` included (default: `10000` ms). */
  maxDelayMs?: number
  /** A number in [0, 1) (default: `Math.random`). */
  random?: () => number
}

/**
 * Exponential backoff with full jitter for retry `attempt` (0-based), capped; a `Retry-After`
 * from the server wins over the backoff but is capped too.
 *
 * @example
 * retryDelay(2, undefined, {random: () => 0.5}) // 500: half of 250 · 2²
 */
export function retryDelay(attempt: number, retryAfterMs: number | undefined, options: BackoffOptions = {}): number {
  const {minDelayMs = 250, maxDelayMs = 10_000, random = Math.random} = options
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, maxDelayMs)
  // No growth from 0, and a draw of 0 is no delay, whatever the ceiling (0 · ∞ would be NaN:
  // 0 · 2^1024, or a ceiling past the doubles when maxDelayMs is Infinity).
  const ceiling = minDelayMs === 0 ? 0 : Math.min(maxDelayMs, minDelayMs * 2 ** attempt)
  const draw = random()
  return draw === 0 ? 0 : Math.floor(draw * ceiling)
}

/** The longest delay one timer takes: Node fires a longer one after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Waits `ms` (longer than one timer can, ~24.8 days, in steps; `Infinity`: until the signal), or
 * rejects with the signal's reason as soon as it aborts.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    let timer: ReturnType<typeof setTimeout>
    const wait = (left: number) => {
      timer = setTimeout(() => {
        if (left > MAX_TIMER_MS) return wait(left - MAX_TIMER_MS)
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, Math.min(left, MAX_TIMER_MS))
    }
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, {once: true})
    wait(ms)
  })
}
