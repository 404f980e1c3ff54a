// What a job id may be: one plain URL path segment. Shared by the jobs client (before a request)
// and the queue's job data (before a job is queued), so a worker never takes a job its client refuses.

/**
 * A job id as a JSON Schema pattern: not `.` or `..` (URL normalisation would send the request to
 * another resource), no `/` or `\` (servers and proxies may decode `%2F`), no control character.
 */
export const JOB_ID_PATTERN = '^(?!\\.\\.?$)[^/\\\\\\u0000-\\u001f\\u007f]+$'

const jobId = new RegExp(JOB_ID_PATTERN)

/** Whether `id` is a job id: the pattern, and no lone surrogate (which cannot be encoded in a URL). */
export const isJobId = (id: unknown): id is string => typeof id === 'string' && jobId.test(id) && id.isWellFormed()

/** What a job id must be, for messages. */
export const JOB_ID_RULE = 'one URL path segment (not "." or "..", no slash, backslash, control character or lone surrogate)'
