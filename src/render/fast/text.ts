import type {Parent, Text} from 'mdast'
import type {ConstructName, Handle, SafeConfig, State, Unsafe} from 'mdast-util-to-markdown'

/**
 * How one unsafe pattern is checked at an occurrence of its character:
 * - `always`: it matches wherever its character is (`*`, `_`, …);
 * - `afterLineEnd` / `beforeLineEnd`: it needs exactly a line ending just before / after;
 * - `around`: its `before` / `after` expressions, as a lookbehind / lookahead tried at the position.
 * Patterns of kind `atBreak` are checked once per text instead (see `Scope.atBreak`).
 */
type Check = {pattern: Unsafe} & ({kind: 'always' | 'afterLineEnd' | 'beforeLineEnd'} | {kind: 'around'; expression: RegExp})

/** The unsafe patterns that apply in one construct stack. */
interface Scope {
  patterns: Unsafe[]
  /** The checks of each ASCII character; undefined for characters no pattern in scope names. */
  checks: Array<Check[] | undefined>
  /** Finds the characters with an `always` or `around` check: away from line endings, the only ones that can match. */
  inner: RegExp
  /** The `atBreak` patterns: their expressions as alternatives, and each alone; sticky (tried at line endings). */
  atBreak: {any: RegExp; each: Array<{pattern: Unsafe; expression: RegExp}>} | undefined
  /** Some pattern names a character outside ASCII: then every text goes to `state.safe`. */
  exotic: boolean
}

/**
 * Scopes by pattern list, then by construct stack (a trie: no key string is built per text).
 * Every serialisation builds a new list from the same pattern objects, so lists are told apart
 * by the identities of their patterns. (Bounded: only docmodel's one frozen processor uses these
 * handlers.)
 */
interface ScopeNode {
  scope?: Scope
  next: Map<ConstructName, ScopeNode>
}
const scopesByPatterns = new Map<string, ScopeNode>()
const patternIds = new WeakMap<Unsafe, number>()
let nextPatternId = 0
const listKeys = new WeakMap<Unsafe[], string>()
const LINE_END = '[\\r\\n]'

function listKey(unsafe: Unsafe[]): string {
  let key = listKeys.get(unsafe)
  if (key === undefined) {
    key = unsafe
      .map((pattern) => {
        let id = patternIds.get(pattern)
        if (id === undefined) patternIds.set(pattern, (id = nextPatternId++))
        return id
      })
      .join()
    listKeys.set(unsafe, key)
  }
  return key
}

function scopeOf(state: State): Scope {
  const key = listKey(state.unsafe)
  let node: ScopeNode | undefined = scopesByPatterns.get(key)
  if (!node) scopesByPatterns.set(key, (node = {next: new Map()}))
  for (const name of state.stack) {
    let next: ScopeNode | undefined = node.next.get(name)
    if (!next) node.next.set(name, (next = {next: new Map()}))
    node = next
  }
  return (node.scope ??= createScope(state))
}

function createScope(state: State): Scope {
  const stack = state.stack
  const patterns = state.unsafe.filter(
    (pattern) => inScope(stack, pattern.inConstruct, true) && !inScope(stack, pattern.notInConstruct, false)
  )
  const checks: Array<Check[] | undefined> = []
  const atBreak: Array<{pattern: Unsafe; expression: RegExp}> = []
  let exotic = false
  for (const pattern of patterns) {
    const code = pattern.character.charCodeAt(0)
    if (pattern.character.length !== 1 || code >= 128) exotic = true
    // Patterns about neighbouring nodes are taken as matching: `state.safe` decides.
    if (pattern.atBreak && !pattern.beforeNode && !pattern.afterNode)
      atBreak.push({pattern, expression: new RegExp(state.compilePattern(pattern).source, 'y')})
    else (checks[code] ??= []).push(checkOf(pattern))
  }
  const inner = checks.flatMap((list, code) => (list?.some((check) => !check.kind.endsWith('LineEnd')) ? [code] : []))
  const characters = inner.map((code) => '\\u' + code.toString(16).padStart(4, '0')).join('')
  return {
    patterns,
    checks,
    inner: new RegExp(characters === '' ? '(?!)' : `[${characters}]`, 'g'),
    atBreak:
      atBreak.length === 0 ? undefined : {any: new RegExp(atBreak.map(({expression}) => expression.source).join('|'), 'y'), each: atBreak},
    exotic
  }
}

function checkOf(pattern: Unsafe): Check {
  const {character, before, after, beforeNode, afterNode} = pattern
  if (beforeNode || afterNode || (!before && !after)) return {pattern, kind: 'always'}
  if (before === LINE_END && !after) return {pattern, kind: 'afterLineEnd'}
  if (!before && after === LINE_END) return {pattern, kind: 'beforeLineEnd'}
  const literal = character.replace(/[$()*+.?[\\\]^{|}]/, '\\$&')
  const expression = new RegExp(`${before ? `(?<=${before})` : ''}${literal}${after ? `(?=${after})` : ''}`, 'y')
  return {pattern, kind: 'around', expression}
}

function inScope(stack: ConstructName[], list: ConstructName | ConstructName[] | null | undefined, none: boolean): boolean {
  if (!list || list.length === 0) return none
  return typeof list === 'string' ? stack.includes(list) : list.some((name) => stack.includes(name))
}

const isLineEnd = (code: number) => code === 10 || code === 13

/**
 * The in-scope patterns that may match with their character inside the text (searched in
 * `before + value + after`, as `state.safe` does): a superset of those that do, so `state.safe`
 * given only these gives its usual bytes. Undefined when there are patterns of characters
 * outside ASCII (then this is not worked out). An `atBreak` pattern's match starts at a line
 * ending; a pattern that needs a line ending next to its character can only match at the
 * text's edges or next to one of its line endings; elsewhere only the characters `inner` finds
 * (a native search) need looking at.
 */
function mayMatch(scope: Scope, value: string, info: SafeConfig): Unsafe[] | undefined {
  if (scope.exotic) return undefined
  const subject = info.before + value + info.after
  const offset = info.before.length
  const end = offset + value.length
  const found: Unsafe[] = []
  const lineEnds: number[] = []
  for (let j = 0; j < offset; j++) if (isLineEnd(subject.charCodeAt(j))) lineEnds.push(j)
  if (value.includes('\n') || value.includes('\r'))
    for (let j = offset; j < end; j++) if (isLineEnd(subject.charCodeAt(j))) lineEnds.push(j)
  for (const j of lineEnds) {
    if (j >= offset) {
      if (j > offset) collect(scope, subject, j - 1, found)
      if (j + 1 < end) collect(scope, subject, j + 1, found)
    }
    if (scope.atBreak && test(scope.atBreak.any, subject, j))
      for (const {pattern, expression} of scope.atBreak.each)
        if (!found.includes(pattern) && test(expression, subject, j)) found.push(pattern)
  }
  if (value.length > 0) {
    collect(scope, subject, offset, found)
    if (value.length > 1) collect(scope, subject, end - 1, found)
  }
  const inner = scope.inner
  inner.lastIndex = 0
  while (inner.test(value)) collect(scope, subject, offset + inner.lastIndex - 1, found)
  return found
}

/** Adds the patterns whose check matches at `position` of the subject. */
function collect(scope: Scope, subject: string, position: number, found: Unsafe[]): void {
  const code = subject.charCodeAt(position)
  const checks = code < 128 ? scope.checks[code] : undefined
  if (checks === undefined) return
  for (const check of checks) {
    if (found.includes(check.pattern)) continue
    const matches =
      check.kind === 'always' ||
      (check.kind === 'afterLineEnd'
        ? isLineEnd(subject.charCodeAt(position - 1))
        : check.kind === 'beforeLineEnd'
          ? isLineEnd(subject.charCodeAt(position + 1))
          : test((check as {expression: RegExp}).expression, subject, position))
    if (matches) found.push(check.pattern)
  }
}

/** Whether a sticky expression matches at `position`. */
function test(expression: RegExp, subject: string, position: number): boolean {
  expression.lastIndex = position
  return expression.test(subject)
}

/**
 * Text made safe for its place, with the stock `text` handler's bytes. `state.safe` escapes a
 * character only where the expression of an in-scope unsafe pattern matches with that character
 * inside the text, and backslashes before punctuation. So it runs only with the patterns that
 * `mayMatch` finds, and not at all when there are none and no backslash: then the stock output
 * is the text itself. (Where `mayMatch` cannot tell, it runs with the in-scope patterns whose
 * character occurs in the text.) A differential property test checks this against the stock
 * serializer.
 */
export function safeText(value: string, state: State, info: SafeConfig): string {
  const scope = scopeOf(state)
  const patterns = state.stack.includes('autolink') ? undefined : mayMatch(scope, value, info)
  const backslash = value.includes('\\')
  if (patterns?.length === 0 && !backslash) return value
  const every = patterns && !backslash && !info.encode && patterns.every(isUnconditional) ? escapeEvery(value, patterns) : undefined
  if (every !== undefined) return every
  const all = state.unsafe
  state.unsafe = patterns ?? scope.patterns.filter((pattern) => value.includes(pattern.character))
  try {
    return state.safe(value, info)
  } finally {
    state.unsafe = all
  }
}

/** A pattern that matches wherever its character is (not `_`, which `state.safe` spares inside words). */
const isUnconditional = (pattern: Unsafe) =>
  !pattern.atBreak && !pattern.before && !pattern.after && !pattern.beforeNode && !pattern.afterNode && pattern.character !== '_'

const ASCII_PUNCTUATION = /^[!-/:-@[-`{-~]$/
const everyExpressions = new Map<string, RegExp>()

/**
 * What `state.safe` gives for unconditional patterns of ASCII punctuation in a text without
 * backslashes: a backslash before every occurrence of their characters (no escape there depends
 * on another: that needs a `before` or `after`). Undefined for other characters, which
 * `state.safe` writes as character references.
 */
function escapeEvery(value: string, patterns: Unsafe[]): string | undefined {
  const characters = [...new Set(patterns.map((pattern) => pattern.character))].sort().join('')
  let expression = everyExpressions.get(characters)
  if (!expression) {
    if (![...characters].every((character) => ASCII_PUNCTUATION.test(character))) return undefined
    expression = new RegExp(`[${characters.replace(/[\\\]^-]/g, '\\$&')}]`, 'g')
    everyExpressions.set(characters, expression)
  }
  return value.replace(expression, '\\$&')
}

/** The stock `text` handler (see `safeText`): its neighbours are passed on, as the stock handler does. */
export const text: Handle = (node: Text, parent: Parent | undefined, state: State, info) => {
  const siblings = parent?.children ?? []
  const index = state.indexStack.at(-1)!
  return safeText(node.value, state, {...info, beforeNode: siblings[index - 1], afterNode: siblings[index + 1]})
}
