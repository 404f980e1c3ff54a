import type {Text} from 'mdast'
import type {ConstructName, Handle, State, Unsafe} from 'mdast-util-to-markdown'

interface PatternIndex {
  /** The patterns of each character code (all pattern characters are single UTF-16 units). */
  byCode: Map<number, Unsafe[]>
  /** Whether a code below 128 has patterns: a table, so the scan is one tight loop. */
  ascii: Uint8Array
}

const indexes = new WeakMap<Unsafe[], PatternIndex>()

function indexOf(unsafe: Unsafe[]): PatternIndex {
  let index = indexes.get(unsafe)
  if (!index) {
    const byCode = new Map<number, Unsafe[]>()
    const ascii = new Uint8Array(128)
    for (const pattern of unsafe) {
      const code = pattern.character.charCodeAt(0)
      byCode.set(code, [...(byCode.get(code) ?? []), pattern])
      if (code < 128) ascii[code] = 1
    }
    index = {byCode, ascii}
    indexes.set(unsafe, index)
  }
  return index
}

function inScope(stack: ConstructName[], list: ConstructName | ConstructName[] | null | undefined, none: boolean): boolean {
  if (!list || list.length === 0) return none
  return typeof list === 'string' ? stack.includes(list) : list.some((name) => stack.includes(name))
}

/**
 * The stock `text` handler, faster, with the same bytes. `state.safe` escapes a character only
 * where some unsafe pattern's regular expression matches, and every pattern needs its
 * `character` literally. So: collect the patterns whose character occurs in the text; if none of
 * those (in scope) matches the text with its surroundings, and the text has no backslash, the
 * stock output is the text itself. Otherwise the stock `state.safe` runs, with those patterns
 * only. A differential property test checks this against the stock serializer.
 */
export const text: Handle = (node: Text, _parent, state: State, info) => {
  const value = node.value
  const all = state.unsafe
  const {byCode, ascii} = indexOf(all)
  const found = new Uint8Array(128)
  let relevant: Unsafe[] = []
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 128 ? ascii[code] === 1 && found[code] === 0 : byCode.has(code) && !relevant.includes(byCode.get(code)![0]!)) {
      if (code < 128) found[code] = 1
      relevant = relevant.concat(byCode.get(code)!)
    }
  }
  if (relevant.length === 0 && !value.includes('\\')) return value

  let escapes = value.includes('\\') || state.stack.includes('autolink')
  const subject = info.before + value + info.after
  for (let i = 0; !escapes && i < relevant.length; i++) {
    const pattern = relevant[i]!
    if (pattern.beforeNode || pattern.afterNode) escapes = true
    else if (inScope(state.stack, pattern.inConstruct, true) && !inScope(state.stack, pattern.notInConstruct, false)) {
      const expression = state.compilePattern(pattern)
      expression.lastIndex = 0
      escapes = expression.test(subject)
      expression.lastIndex = 0
    }
  }
  if (!escapes) return value

  state.unsafe = relevant
  try {
    return state.safe(value, info)
  } finally {
    state.unsafe = all
  }
}
