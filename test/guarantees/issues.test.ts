// README, "Errors" and "Parsing": "every issue names its JSON path and pointer"; `toPointer` is the
// RFC 6901 pointer (`/pages/2/blocks/7/bbox/2`), `formatPath` the dotted path; "error.message lists
// the first ten issues, one per line"; text and an already-parsed value give the same issues.
// Over keys that need escaping in either spelling: `/`, `~`, `.`, `[`, `"`, line breaks, digits.
import {fc, test} from '@fast-check/vitest'
import {describe, expect} from 'vitest'
import {type Document, type Issue, formatPath, safeParseDocument, toPointer} from '../../src/index.js'
import {documentArb} from '../helpers/arbitraries.js'

const keyArb = fc
  .array(fc.oneof(fc.constantFrom('/', '~', '~1', '~0', '.', '[', ']', '"', '\\', '\n', '\u2028', ' ', '0', 'é', '🙂'), fc.string({maxLength: 3})), {
    minLength: 1,
    maxLength: 5
  })
  .map((parts) => `x${parts.join('')}`)

/** RFC 6901, written here from the RFC: each reference token with `~` → `~0`, then `/` → `~1`. */
const pointerOf = (path: readonly (string | number)[]) => path.map((key) => '/' + String(key).replace(/~/g, '~0').replace(/\//g, '~1')).join('')

/** Walks a pointer in a value (RFC 6901 §4: `~1` → `/`, then `~0` → `~`); undefined where it leads nowhere. */
function resolve(value: unknown, pointer: string): {found: boolean; value?: unknown} {
  if (pointer === '') return {found: true, value}
  let at: unknown = value
  for (const token of pointer.slice(1).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~')
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return {found: false}
    at = (at as Record<string, unknown>)[key]
  }
  return {found: true, value: at}
}

/** Reads a formatPath back: `a.b[0]["c d"]`, `(root)`. */
function readPath(text: string): (string | number)[] {
  if (text === '(root)') return []
  const path: (string | number)[] = []
  let i = 0
  while (i < text.length) {
    const rest = text.slice(i)
    const ident = /^\.?([A-Za-z_$][\w$]*)/.exec(rest)
    const index = /^\[(\d+)\]/.exec(rest)
    const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest)
    if (ident && (i === 0) === !rest.startsWith('.')) (path.push(ident[1]!), (i += ident[0].length))
    else if (index) (path.push(Number(index[1])), (i += index[0].length))
    else if (quoted) (path.push(JSON.parse(quoted[1]!) as string), (i += quoted[0].length))
    else throw new Error(`unreadable path ${JSON.stringify(text)} at ${i}`)
  }
  return path
}

describe('issues', () => {
  // Values without a `__proto__` key (fast-check makes some): the input is then refused for that
  // key alone, and no unknown key is named (seed 1314687545).
  const valueArb = fc.jsonValue({maxDepth: 1}).filter((value) => !JSON.stringify(value).includes('"__proto__"'))
  test.prop([documentArb, fc.array(fc.tuple(fc.nat(), keyArb, valueArb), {minLength: 1, maxLength: 14})], {numRuns: 150})(
    'each names its place: the RFC 6901 pointer of its path, which leads into the input; the dotted path reads back; one line each in the message',
    (generated, extras) => {
      const blocks = generated.pages.flatMap((page) => page.blocks)
      const input = JSON.parse(JSON.stringify(generated)) as Document & Record<string, unknown>
      const added: (string | number)[][] = []
      for (const [pick, key, value] of extras) {
        // An unknown key on a block of a known type, or on the document itself.
        const p = input.pages.findIndex((page) => page.blocks.length > 0)
        if (blocks.length === 0 || p === -1 || pick % 4 === 0) {
          input[key] = value
          added.push([key])
        } else {
          const page = input.pages[p]!
          const b = pick % page.blocks.length
          ;(page.blocks[b] as Record<string, unknown>)[key] = value
          if (!['signature', 'stamp'].includes(page.blocks[b]!.type)) added.push(['pages', p, 'blocks', b, key])
        }
      }
      const fromText = safeParseDocument(JSON.stringify(input), {mode: 'strict'})
      const fromValue = safeParseDocument(input, {mode: 'strict'})
      expect(fromText.success).toBe(false)
      if (fromText.success || fromValue.success) return
      const issues: Issue[] = fromText.error.issues
      expect(fromValue.error.issues).toEqual(issues)
      for (const issue of issues) {
        expect(issue.pointer).toBe(pointerOf(issue.path))
        expect(issue.pointer).toBe(toPointer(issue.path))
        expect(readPath(formatPath(issue.path))).toEqual(issue.path)
        // The place exists in the input, up to the last step (a missing field is named by its key).
        expect(resolve(input, pointerOf(issue.path.slice(0, -1))).found).toBe(true)
        if (issue.code === 'unrecognized_key') expect(resolve(input, issue.pointer).found).toBe(true)
      }
      const unknown = new Set(issues.filter((i) => i.code === 'unrecognized_key').map((i) => i.pointer))
      for (const path of added) expect(unknown).toContain(pointerOf(path))
      const lines = fromText.error.message.split('\n')
      expect(lines).toHaveLength(1 + Math.min(10, issues.length) + (issues.length > 10 ? 1 : 0))
      expect(lines[0]).toBe(`Invalid document (${issues.length === 1 ? '1 issue' : `${issues.length} issues`}):`)
      issues.slice(0, 10).forEach((issue, i) => expect(lines[i + 1]!.startsWith(`  ${formatPath(issue.path)}: `)).toBe(true))
    }
  )
})
