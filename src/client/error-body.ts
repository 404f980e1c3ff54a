/** How much of an error body is looked at, and how much of it an error message keeps. */
const SCAN_CHARS = 64 * 1024
const SNIPPET_CHARS = 200
const MESSAGE_CHARS = 1000
const CODE_CHARS = 100

/**
 * The `code` and `message` of an error body: `{error: {code, message}}`, `{code, message}`, or,
 * when the body is not JSON (a proxy's HTML page), a short text snippet of it. Bounded: a body over
 * 64 KiB is not parsed as JSON, only its first 64 KiB are read, and every step is one linear pass.
 * `redact` sees each value decoded (JSON escapes read) and whole, before it is cut: a secret
 * spelled with `\u` escapes, or padded to straddle the cut, is still a secret.
 *
 * @example
 * describeErrorBody('<h1>Bad gateway</h1>') // {code: undefined, message: 'Bad gateway'}
 */
export function describeErrorBody(
  body: string,
  redact: (text: string) => string = (text) => text
): {code: string | undefined; message: string | undefined} {
  let code: unknown
  let message: unknown
  // A JSON error is a few hundred bytes: a longer body is not parsed (bounded work), only its text looked at.
  if (body.length <= SCAN_CHARS)
    try {
      const parsed = JSON.parse(body) as {error?: {code?: unknown; message?: unknown}; code?: unknown; message?: unknown} | null
      const source = parsed?.error && typeof parsed.error === 'object' ? parsed.error : parsed
      if (source && typeof source === 'object') ({code, message} = source)
    } catch {
      // Not JSON (a proxy's HTML page, an empty body): a snippet of its text instead.
    }
  return {
    code: typeof code === 'string' && code !== '' ? cut(redact(code), CODE_CHARS) : undefined,
    message: typeof message === 'string' && message !== '' ? cut(redact(message), MESSAGE_CHARS) : textSnippet(body, redact) || undefined
  }
}

/**
 * Server text with its control characters (C0, DEL, C1: ANSI escapes among them) spelled as
 * `\u001b`, so an error message printed to a terminal cannot drive it.
 *
 * @example
 * printable('\u001b[2Jgone') // '\\u001b[2Jgone'
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max) + '…' : text)

/** The text of an HTML or plain body: tags dropped, whitespace runs collapsed, redacted, at most 200 characters. */
export function textSnippet(body: string, redact: (text: string) => string = (text) => text): string {
  return cut(redact(collapseWhitespace(stripTags(body.slice(0, SCAN_CHARS)))), SNIPPET_CHARS)
}

/**
 * `text.replace(/<[^>]*>/g, ' ')` in one pass: the regex retries from every `<` that has no
 * closing `>`, which is quadratic on a body of `<`s; here the first unclosed `<` ends the work.
 */
function stripTags(text: string): string {
  let out = ''
  let from = 0
  for (;;) {
    const open = text.indexOf('<', from)
    if (open === -1) break
    const close = text.indexOf('>', open + 1)
    if (close === -1) break // no `>` anywhere after: the rest is text
    out += text.slice(from, open) + ' '
    from = close + 1
  }
  return out + text.slice(from)
}

/** Runs of whitespace to one space, trimmed (`/\s+/g` is one linear pass: a single quantifier). */
const collapseWhitespace = (text: string) => text.replace(/\s+/g, ' ').trim()
