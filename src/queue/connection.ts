import type {ConnectionOptions} from 'bullmq'

/** The queue every command and function uses unless told otherwise. */
export const DEFAULT_QUEUE_NAME = 'docmodel'

/** Redis when none is named: `$DOCMODEL_REDIS_URL`, else the local default port. */
export const defaultRedisUrl = (env: Record<string, string | undefined> = process.env) => env.DOCMODEL_REDIS_URL ?? 'redis://127.0.0.1:6379'

/**
 * BullMQ connection options from a URL (or options passed through). A worker's blocking
 * connection must retry forever (`maxRetriesPerRequest: null`, as BullMQ requires); a producer
 * fails fast instead, so `enqueue` reports an unreachable Redis rather than waiting on it.
 */
export function connectionOf(connection: string | ConnectionOptions | undefined, worker: boolean): ConnectionOptions {
  if (connection !== undefined && typeof connection !== 'string') return connection
  const url = connection ?? defaultRedisUrl()
  return worker
    ? {url, maxRetriesPerRequest: null}
    : {url, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 10_000, retryStrategy: (times: number) => (times > 3 ? null : 200 * times)}
}

/** The URL with any password replaced, for messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.href
  } catch {
    return '(an unparsable Redis URL)'
  }
}
