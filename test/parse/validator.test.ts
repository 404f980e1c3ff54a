import {readdirSync} from 'node:fs'
import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import type {z} from 'zod'
import {lenientModel, strictModel} from '../../src/index.js'
import {lenientValidator} from '../../src/parse/planned.js'
import {type Validator, createValidator} from '../../src/parse/validator.js'
import {blockArb, documentArb} from '../helpers/arbitraries.js'
import {CORPUS, EXAMPLE, readJsonFile, repoPath} from '../helpers/paths.js'

// The validator must give zod's verdict on every value: parse hands only failures to zod (for the
// issues), so a validator that says "valid" where zod says "invalid" would let a bad document
// through, and the reverse would only cost time. Checked on every single-field change of every
// field of real documents, fixtures and blocks of every type, in both modes. In lenient mode, the
// validator the CLI uses (the plan generated at build time, src/parse/planned.ts) as well.

const models = [
  ['lenient', lenientModel],
  ['strict', strictModel]
] as const

const validDir = 'test/fixtures/conformance/valid'
const fixtures = readdirSync(repoPath(validDir)).map((name) => ({name, value: readJsonFile(`${validDir}/${name}`)}))
const documents = [
  ...fixtures.filter((f) => f.name.startsWith('document-')),
  ...[...CORPUS.map((name) => `test/fixtures/corpus/${name}`), EXAMPLE].map((name) => ({name, value: readJsonFile(name)}))
]
const jobs = fixtures.filter((f) => f.name.startsWith('job-'))

type Json = unknown
type Path = Array<string | number>

/** Values a field may be changed to: each type, each boundary the contract names, and a few non-JSON ones. */
const replacements: Json[] = [
  null, undefined, true, false, 0, -0, -1, 0.5, 1, 1.5, 2, 2 ** 53, -(2 ** 53), 1e308, Number.NaN, Number.POSITIVE_INFINITY,
  '', 'x', 'normalized', 'pixels', 'verified', 'inferred', 'derived', 'heading', 'table', 'image', 'future_type',
  'completed', 'failed', 'queued', 'pdf', 'https://example.com/a.png', 'not a url', 'javascript:alert(1)',
  `sha256:${'a'.repeat(64)}`, 'aGVsbG8=', 'not base64!', '2024-01-01T00:00:00Z', [], [1], ['x'], [0, 0, 1, 1], [[1, 2]], {}, {x: 1}
]

/** Every path to a value inside `root` (the root included). */
function pathsOf(root: Json): Path[] {
  const out: Path[] = []
  const walk = (value: Json, path: Path) => {
    out.push(path)
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]))
    else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) walk(item, [...path, key])
  }
  walk(root, [])
  return out
}

/**
 * A copy of `root` with the value at `path` replaced (or removed, for `remove`). Only the objects
 * and arrays on the path are copied; the rest is shared with `root`, which is frozen (deeply), so
 * a validator or zod writing into its input would throw rather than change the next case.
 */
function changed(root: Json, path: Path, to: Json, remove = false): Json {
  if (path.length === 0) return to
  type Container = Record<string | number, Json>
  const shallow = (value: Json): Container => (Array.isArray(value) ? [...value] : {...(value as Container)}) as Container
  frozen(root)
  const copy = shallow(root)
  let parent = copy
  for (const key of path.slice(0, -1)) parent = parent[key] = shallow(parent[key])
  const last = path.at(-1)!
  if (remove) {
    if (Array.isArray(parent)) parent.splice(last as number, 1)
    else delete parent[last]
  } else parent[last] = to
  return copy
}

/** `value`, frozen with everything in it (once: a frozen object is taken as done). */
function frozen(value: Json): Json {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const item of Object.values(value)) frozen(item)
  }
  return value
}

/** Every single-field change of `root`: each value replaced by each replacement, removed, and each object given an extra key. */
function* mutationsOf(root: Json): Generator<Json> {
  for (const path of pathsOf(root)) {
    for (const to of replacements) yield changed(root, path, to)
    if (path.length > 0) yield changed(root, path, undefined, true)
    const value = path.reduce<Json>((v, key) => (v as Record<string | number, Json>)[key], root)
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) yield changed(root, [...path, 'unknown_key'], 1)
  }
}

type Root = 'Document' | 'Job' | 'Block'

/**
 * The validators of a schema: made at run time, and in lenient mode the generated plan's. Made once
 * per schema and reused, as parse reuses them (a fresh one per generated value was half the file's
 * time, and reuse is what meets any state a validator keeps between values).
 */
const made = new Map<string, Validator[]>()
const validatorsOf = (mode: 'lenient' | 'strict', root: Root): Validator[] => {
  const key = `${mode} ${root}`
  let validators = made.get(key)
  if (!validators) {
    validators = [createValidator(models.find(([name]) => name === mode)![1][root]), ...(mode === 'lenient' ? [lenientValidator(root)] : [])]
    made.set(key, validators)
  }
  return validators
}

function disagreements(mode: 'lenient' | 'strict', root: Root, values: Iterable<Json>): {count: number; first: Json[]} {
  const schema: z.ZodType = models.find(([name]) => name === mode)![1][root]
  const validators = validatorsOf(mode, root)
  let count = 0
  const first: Json[] = []
  for (const value of values) {
    count++
    const verdict = schema.safeParse(value).success
    if (validators.some((validate) => validate(value) !== verdict) && first.length < 3) first.push(value)
  }
  return {count, first}
}

describe('createValidator gives zod’s verdict', () => {
  for (const [mode, model] of models) {
    it(`on every single-field change of every block of every type (${mode})`, () => {
      // The first block of each type (and unknown types) in the documents: every field of every type.
      const seen = new Set<string>()
      const blocks = documents
        .flatMap(({value}) => (value as {pages: Array<{blocks: Array<{type: string}>}>}).pages.flatMap((page) => page.blocks))
        .filter((block) => !seen.has(block.type) && seen.add(block.type))
      let cases = 0
      for (const block of blocks) {
        const {count, first} = disagreements(mode, 'Block', mutationsOf(block))
        cases += count
        expect(first).toEqual([])
      }
      expect(cases).toBeGreaterThan(12_000)
    })

    it(`on every single-field change outside the blocks of documents and jobs (${mode})`, () => {
      // Blocks are covered above; here documents keep two pages of one block (and three page
      // sizes) so that each case stays small.
      const trimmed = (value: Json): Json => {
        const copy = structuredClone(value) as {pages?: Array<{blocks: Json[]}>; document?: Json; source?: {page_sizes?: Json[]}}
        if (copy.document) copy.document = trimmed(copy.document)
        if (copy.pages) copy.pages = copy.pages.slice(0, 2)
        for (const page of copy.pages ?? []) page.blocks = page.blocks.slice(0, 1)
        if (Array.isArray(copy.source?.page_sizes)) copy.source.page_sizes = copy.source.page_sizes.slice(0, 3)
        return copy
      }
      let cases = 0
      // Documents and jobs of every shape the contract has outside blocks: every top-level, source,
      // extraction, page and job field (nulls, failures, statuses).
      const shapes = ['document-failed-pages.json', 'document-nulls-and-data-table.json', EXAMPLE]
      for (const {value} of documents.filter(({name}) => shapes.some((shape) => name.endsWith(shape)))) {
        const {count, first} = disagreements(mode, 'Document', mutationsOf(trimmed(value)))
        cases += count
        expect(first).toEqual([])
      }
      for (const {value} of jobs.filter(({name}) => /completed-with-full|failed|queued/.test(name))) {
        const {count, first} = disagreements(mode, 'Job', mutationsOf(trimmed(value)))
        cases += count
        expect(first).toEqual([])
      }
      expect(cases).toBeGreaterThan(8_000)
    })
  }

  test.prop([fc.oneof(documentArb, fc.anything()), fc.constantFrom(...models)], {numRuns: 300})(
    'on generated documents and arbitrary values',
    (value, [mode, model]) => {
      const verdict = model.Document.safeParse(value).success
      for (const validate of validatorsOf(mode, 'Document')) expect(validate(value)).toBe(verdict)
    }
  )

  test.prop([blockArb(1), fc.constantFrom(...replacements), fc.nat(), fc.constantFrom(...models)], {numRuns: 2000})(
    'on generated blocks with a field changed',
    (block, to, pick, [mode, model]) => {
      const paths = pathsOf(block)
      const value = changed(block, paths[pick % paths.length]!, to)
      const verdict = model.Block.safeParse(value).success
      for (const validate of validatorsOf(mode, 'Block')) expect(validate(value)).toBe(verdict)
    }
  )
})
