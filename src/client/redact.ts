/** What a redacted secret reads as. */
export const REDACTED = '[REDACTED]'

/** A run of this many consecutive characters of the key counts as the key: a cut or a split leaks at most 7. */
export const KEY_RUN = 8

/**
 * A function that replaces with `[REDACTED]` every run of 8 or more consecutive characters of
 * `secret` (the whole secret when it is shorter), in any letter case, in every spelling a server
 * could echo back: as sent, JSON-escaped, percent-encoded. A key cut in two, padded to straddle a
 * cut, or echoed with its case swapped still reads as `[REDACTED]`; overlapping runs merge into one.
 *
 * One pass of a rolling hash over windows of 8 case-folded characters, each hit checked character
 * by character: linear in the text, whatever it holds.
 *
 * @example
 * createRedactor('sk_live_0123456789')('echo: SK_LIVE_0123 and 456789') // 'echo: [REDACTED] and 456789'
 */
export function createRedactor(secret: string): (text: string) => string {
  const width = Math.min(KEY_RUN, secret.length)
  if (width === 0) return (text) => text
  const spellings = new Set([secret, JSON.stringify(secret).slice(1, -1), percentEncoded(secret)].map(foldText))
  // Every window of `width` folded characters of every spelling, by its hash.
  const windows = new Map<number, string[]>()
  for (const spelling of spellings)
    for (let i = 0; i + width <= spelling.length; i++) {
      const window = spelling.slice(i, i + width)
      const hash = hashOf(window)
      const list = windows.get(hash) ?? []
      if (!list.includes(window)) windows.set(hash, [...list, window])
    }
  // A first filter on the hash's low bits spares a map look-up at nearly every position.
  const seen = new Uint8Array(1 << 16)
  for (const hash of windows.keys()) seen[hash & 0xffff] = 1
  let drop = 1 // BASE^(width − 1), in 32-bit arithmetic
  for (let i = 1; i < width; i++) drop = Math.imul(drop, BASE)
  const scan = (text: string, onRun: (start: number, end: number) => void) => {
    let hash = 0
    let runStart = -1
    let runEnd = -1
    for (let i = 0; i < text.length; i++) {
      const outgoing = i >= width ? fold(text.charCodeAt(i - width)) : 0
      hash = (Math.imul(hash - Math.imul(outgoing, drop), BASE) + fold(text.charCodeAt(i))) | 0
      const start = i - width + 1
      if (start < 0 || seen[hash & 0xffff] === 0 || !windows.get(hash)?.some((window) => matchesAt(text, start, window))) continue
      if (start > runEnd) {
        if (runStart >= 0) onRun(runStart, runEnd)
        runStart = start
      }
      runEnd = i + 1
    }
    if (runStart >= 0) onRun(runStart, runEnd)
  }
  // The mark must not itself spell part of the key (a key holding "redacted").
  let mark = REDACTED
  scan(REDACTED, () => (mark = '[hidden]'))
  return (text) => {
    if (text.length < width) return text
    const parts: string[] = []
    let kept = 0
    scan(text, (start, end) => {
      parts.push(text.slice(kept, start), mark)
      kept = end
    })
    if (kept === 0 && parts.length === 0) return text
    parts.push(text.slice(kept))
    return parts.join('')
  }
}

const BASE = 0x01000193

function hashOf(folded: string): number {
  let hash = 0
  for (let i = 0; i < folded.length; i++) hash = (Math.imul(hash, BASE) + folded.charCodeAt(i)) | 0
  return hash
}

const matchesAt = (text: string, start: number, window: string) => {
  for (let i = 0; i < window.length; i++) if (fold(text.charCodeAt(start + i)) !== window.charCodeAt(i)) return false
  return true
}

// Lower case, one UTF-16 unit for one (a letter whose lower case is longer stays as it is).
let foldTable: Uint16Array | undefined
function fold(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code
  if (!foldTable) {
    foldTable = new Uint16Array(65536)
    for (let c = 0; c < 65536; c++) {
      const lower = String.fromCharCode(c).toLowerCase()
      foldTable[c] = lower.length === 1 ? lower.charCodeAt(0) : c
    }
  }
  return foldTable[code]!
}

function foldText(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(fold(text.charCodeAt(i)))
  return out
}

/** `encodeURIComponent`, with a lone surrogate (which it cannot encode) left as it is. */
function percentEncoded(text: string): string {
  try {
    return encodeURIComponent(text)
  } catch {
    return text
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
