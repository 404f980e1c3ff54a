/** What a redacted secret reads as. */
export const REDACTED = '[REDACTED]'

/**
 * A function that replaces every spelling of `secret` a server could echo back — as sent, JSON-escaped,
 * percent-encoded — with `[REDACTED]`. One `replaceAll` pass per spelling: linear in the text.
 */
export function createRedactor(secret: string): (text: string) => string {
  const spellings = [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])].filter((s) => s !== '')
  return (text) => {
    let out = text
    for (const spelling of spellings) if (out.includes(spelling)) out = out.replaceAll(spelling, REDACTED)
    return out
  }
}

/**
 * A copy of a parsed JSON value with `redact` applied to every string and key. Iterative (deep
 * nesting cannot overflow the stack); values without a secret are returned as they are.
 */
export function redactValue(root: unknown, redact: (text: string) => string): unknown {
  type Frame = {source: unknown; assign: (value: unknown) => void}
  let result: unknown
  const stack: Frame[] = [{source: root, assign: (value) => (result = value)}]
  while (stack.length > 0) {
    const {source, assign} = stack.pop()!
    if (typeof source === 'string') assign(redact(source))
    else if (Array.isArray(source)) {
      const copy: unknown[] = new Array(source.length)
      assign(copy)
      source.forEach((item, i) => stack.push({source: item, assign: (value) => (copy[i] = value)}))
    } else if (source !== null && typeof source === 'object') {
      // JSON.parse output: own enumerable data properties only; a null prototype keeps odd keys inert.
      const copy: Record<string, unknown> = Object.create(null)
      assign(copy)
      for (const [key, item] of Object.entries(source)) stack.push({source: item, assign: (value) => (copy[redact(key)] = value)})
    } else assign(source)
  }
  return result
}
