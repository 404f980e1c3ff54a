import {type Issue, type Path, createIssue} from '../issues.js'
import {checkValue} from './value.js'

/** What the parse functions accept: JSON text, UTF-8 bytes, or an already-parsed value. */
export type JsonInput = string | Uint8Array | ArrayBuffer | unknown

/** `parsed`: the value was parsed from the input here (so nothing else refers to it). */
export type ReadResult = {ok: true; value: unknown; parsed: boolean} | {ok: false; issue: Issue}

const utf8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: false})

/** Turns text or bytes into a value; a value from the caller is vetted (`checkValue`) and passed on untouched. */
export function readJson(input: JsonInput): ReadResult {
  let text: string
  if (typeof input === 'string') text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  else if (isBytes(input)) {
    try {
      text = utf8.decode(input) // also drops a leading BOM
    } catch {
      return {ok: false, issue: createIssue('invalid_utf8', [], 'expected UTF-8 bytes, got an invalid byte sequence')}
    }
  } else {
    const issue = checkValue(input)
    return issue ? {ok: false, issue} : {ok: true, value: input, parsed: false}
  }

  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return {ok: false, issue: invalidJsonIssue(text)}
  }
  // Only text that spells or escapes a `__proto__` key needs the walk.
  return spellsProto(text) || text.includes('\\u') ? checkKeys(value) : {ok: true, value, parsed: true}
}

/**
 * Whether the text holds `__proto__`, found by its first five characters: V8 searches a text for
 * a pattern under seven characters from its first character (memchr), which on the bench document
 * is three times as fast as its Boyer–Moore–Horspool search for the whole word.
 */
function spellsProto(text: string): boolean {
  for (let at = text.indexOf('__pro'); at !== -1; at = text.indexOf('__pro', at + 1)) if (text.startsWith('__proto__', at)) return true
  return false
}

/**
 * Rejects `__proto__` keys in parsed JSON (caller's values: `checkValue`): JSON.parse keeps them as own keys, but copying such an object
 * (as any schema library does) either drops the key or replaces a prototype. Iterative, so
 * deeply nested input cannot overflow the stack.
 */
function checkKeys(root: unknown): ReadResult {
  // Each entry links to its parent, so a path is built only when a key is found.
  type Entry = {value: unknown; key: string | number; parent: Entry | undefined}
  const stack: Entry[] = [{value: root, key: '', parent: undefined}]
  while (stack.length > 0) {
    const entry = stack.pop()!
    const value = entry.value
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) if (isObject(value[i])) stack.push({value: value[i], key: i, parent: entry})
    } else if (isObject(value)) {
      if (Object.prototype.hasOwnProperty.call(value, '__proto__')) {
        const path: Path = ['__proto__']
        for (let at: Entry | undefined = entry; at?.parent; at = at.parent) path.unshift(at.key)
        return {ok: false, issue: createIssue('unsafe_key', path, 'expected no "__proto__" key (it is unsafe to copy)')}
      }
      for (const key in value) {
        const child = (value as Record<string, unknown>)[key]
        if (isObject(child)) stack.push({value: child, key, parent: entry})
      }
    }
  }
  return {ok: true, value: root, parsed: true}
}

/** `instanceof` asks a proxy for its prototype, which a revoked one answers by throwing. */
function isBytes(input: unknown): input is Uint8Array | ArrayBuffer {
  try {
    return input instanceof Uint8Array || input instanceof ArrayBuffer
  } catch {
    return false
  }
}

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object'

/** An `invalid_json` issue saying where the text first goes wrong. */
export function invalidJsonIssue(text: string): Issue {
  const {offset, reason} = locateJsonError(text)
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++)
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  const column = offset - lineStart + 1
  const issue = createIssue('invalid_json', [], `invalid JSON at line ${line}, column ${column} (offset ${offset}): ${reason}`)
  return Object.assign(issue, {offset, line, column})
}

/**
 * Finds the first syntax error of JSON text with a small iterative scanner (JSON.parse does not
 * always say where). Only runs after JSON.parse has failed.
 */
export function locateJsonError(text: string): {offset: number; reason: string} {
  let i = 0
  const n = text.length
  const stack: string[] = [] // '{' or '['
  const fail = (reason: string) => ({offset: Math.min(i, n), reason})
  const skipSpace = () => {
    while (i < n) {
      const c = text[i]
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++
      else break
    }
  }
  const readString = (): string | null => {
    i++ // opening quote
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 34) {
        i++
        return null
      }
      if (c === 92) {
        const e = text[i + 1]
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return 'invalid \\u escape'
          i += 6
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2
        else return 'invalid escape'
      } else if (c < 0x20) return 'control character in string'
      else i++
    }
    return 'unterminated string'
  }
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
  const readValue = (): string | null => {
    skipSpace()
    if (i >= n) return 'unexpected end of input'
    const c = text[i]!
    if (c === '"') return readString()
    if (c === '{' || c === '[') return null // the caller pushes
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return ((i += word.length), null)
    number.lastIndex = i
    if (number.test(text)) return ((i = number.lastIndex), null)
    return `unexpected character ${JSON.stringify(c)}`
  }

  // `"key":`, after an object opens or after a comma inside one.
  const readKey = (): string | null => {
    skipSpace()
    if (text[i] !== '"') return i >= n ? 'unexpected end of input' : 'expected a string key'
    const error = readString()
    if (error) return error
    skipSpace()
    if (text[i] !== ':') return "expected ':' after a key"
    i++
    return null
  }

  // A value, then (inside containers) separators, until the top-level value is closed.
  for (;;) {
    skipSpace()
    const c = text[i]
    let error: string | null
    if (c === '{' || c === '[') {
      stack.push(c)
      i++
      skipSpace()
      if (text[i] === (c === '{' ? '}' : ']')) {
        stack.pop()
        i++
      } else if (c === '{' && (error = readKey())) return fail(error)
      else continue
    } else if ((error = readValue())) return fail(error)

    // After a complete value: close containers or expect the next element.
    for (;;) {
      skipSpace()
      const top = stack.at(-1)
      if (top === undefined) return i < n ? fail('unexpected text after the JSON value') : fail('invalid JSON')
      const close = top === '{' ? '}' : ']'
      if (text[i] === close) {
        stack.pop()
        i++
        continue
      }
      if (text[i] !== ',') return fail(i >= n ? 'unexpected end of input' : `expected ',' or '${close}'`)
      i++
      if (top === '{' && (error = readKey())) return fail(error)
      break
    }
  }
}
