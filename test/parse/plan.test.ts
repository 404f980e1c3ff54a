import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fc, test} from '@fast-check/vitest'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {z} from 'zod'
import {lenientModel, strictModel} from '../../src/index.js'
import {isBase64, isUrl} from '../../src/model/formats.js'
import {type PlanNode, type Validator, validatorsOf} from '../../src/parse/plan.js'
import {lenientValidator} from '../../src/parse/planned.js'
import {planOf} from '../../src/parse/planner.js'
import {compiledPlan} from '../../scripts/compile-plan.js'
import {PLAN_ROOTS, lenientPlan, validatorModuleText} from '../../scripts/plan-module.js'
import {completedJob, documentArb} from '../helpers/arbitraries.js'
import {repoPath} from '../helpers/paths.js'

// The CLI validates a document with the lenient model's plan compiled to code at build time
// (src/parse/lenient-validator.ts, by scripts/compile-plan.ts), without zod; only what it calls
// invalid goes to zod. So its verdict must be zod's on every value: checked here, with the plan's
// interpreter (`validatorsOf`) beside it, on values built to sit on either side of each check the
// plan holds (formats, bounds, the model's rules) and changed anywhere (a value of another type,
// removed, an unknown key), beside the single-field changes of test/parse/validator.test.ts. The
// strict model's plan, compiled the same way into a temporary module, is held to zod on the same
// values: it refuses unknown keys, which the lenient model never does.

// zod asks `URL.canParse`, which Node 20 answers wrongly once it is optimised (hosts with Latin-1
// letters, `https://ß.de`, turn invalid after a thousand calls): for these tests it asks the URL
// constructor, as the plan does (src/model/formats.ts) and as `canParse` is specified to.
const canParse = URL.canParse
beforeAll(() => {
  URL.canParse = (input: string | URL, base?: string | URL) => {
    try {
      new URL(input, base)
      return true
    } catch {
      return false
    }
  }
})
afterAll(() => {
  URL.canParse = canParse
})

describe('the generated validator', () => {
  it('is what the compiler makes of the lenient model’s plan today (npm run schemas rewrites it)', () => {
    const text = validatorModuleText()
    expect(readFileSync(repoPath('src/parse/lenient-validator.ts'), 'utf8')).toBe(text)
    // Plain functions: the library runs where a CSP forbids making code from strings.
    expect(text).not.toMatch(/\beval\b|\bFunction\(/)
  })

  it('holds no node or check that only zod can judge', () => {
    const {plan} = planOf(PLAN_ROOTS.map((name) => lenientModel[name]))
    const unknown = (node: PlanNode) => node.type === 'zod' || (node.checks ?? []).some((check) => check.check === 'zod')
    expect(plan.nodes.filter(unknown)).toEqual([])
    // Every kind of check the model has is planned: a planner that lost one would fail above.
    const checks = new Set(plan.nodes.flatMap((node) => (node.checks ?? []).map((check) => (check.check === 'rule' ? check.rule : check.check))))
    expect([...checks].sort()).toEqual(
      ['base64', 'greater_than', 'image_source', 'less_than', 'min_length', 'normalized_bbox', 'pattern', 'safeint', 'status_invariant', 'unknown_block_type', 'url'].sort()
    )
  })
})

// Strings on either side of each format. Whitespace zod's trim removes but the URL parser keeps
// (and the reverse), schemes odd and absent, hosts and ports broken, percent signs.
const space = fc.constantFrom('', ' ', '\t', '\n', '\r', '\u00a0', '\ufeff', '\u2028', '\u3000', '\u1680', '\u0000', '\u001f', '\u000b', '\u000c')
const spaces = fc.array(space, {maxLength: 2}).map((parts) => parts.join(''))
const urlCore = fc.oneof(
  fc.webUrl({withQueryParameters: true, withFragments: true}),
  fc.constantFrom(
    'https://example.com/a.png',
    'http://x.org/a b.png',
    'javascript:alert(1)',
    'mailto:a@b.c',
    'data:,x',
    'urn:isbn:1',
    'a:b',
    'http:x',
    'http://',
    'https://exa mple.com',
    'http://[::1',
    'http://[::1]:80/',
    'http://x.org:99999/',
    'http://x.org:8o/',
    'https://%zz',
    'https://x.org/%zz',
    '//x.org/a',
    '/a/b',
    'x',
    '',
    '1http://x',
    'ht tp://x',
    'HTTPS://X.ORG/(1).png',
    'http://user:pw@x.org',
    'http://x\u00a0y.org',
    'https://xn--nxasmq6b.com',
    'https://ß.de'
  ),
  fc.string({unit: fc.constantFrom(...'ab1:/.?#[]@%\\ -+'), maxLength: 12})
)
const urlArb = fc.tuple(spaces, urlCore, spaces).map(([before, core, after]) => before + core + after)

const base64Arb = fc.oneof(
  fc.uint8Array({maxLength: 12}).map((bytes) => Buffer.from(bytes).toString('base64')),
  // A valid string broken in one place: a character dropped or added (the length rule), padding moved or doubled, a foreign character.
  fc
    .tuple(fc.uint8Array({minLength: 1, maxLength: 12}), fc.nat(), fc.constantFrom('', '=', '==', '===', 'A', '-', '_', ' ', '\n', 'é', '*', '.'), fc.boolean())
    .map(([bytes, at, insert, drop]) => {
      const text = Buffer.from(bytes).toString('base64')
      const i = at % (text.length + 1)
      return text.slice(0, i) + insert + text.slice(drop ? i + 1 : i)
    }),
  fc.string({unit: fc.constantFrom(...'AB+/=a0-_ \n'), maxLength: 9})
)

const two = (max: number) => fc.integer({min: 0, max}).map((n) => String(n).padStart(2, '0'))
const datetimeArb = fc
  .record({
    year: fc.constantFrom('2024', '2023', '1900', '2000', '0000', '99999', '202'),
    month: fc.oneof(two(13), fc.constant('1')),
    day: fc.oneof(two(32), fc.constant('1')),
    separator: fc.constantFrom('T', 'T', 't', ' ', ''),
    hour: fc.oneof(two(25), fc.constant('1')),
    minute: two(61),
    seconds: fc.oneof(fc.constant(''), two(61).map((s) => ':' + s)),
    fraction: fc.constantFrom('', '', '.', '.1', '.123', '.123456', '.123456789', '.1234567890123', ',5'),
    offset: fc.constantFrom('Z', 'Z', 'z', '', '+00:00', '-00:00', '+05:30', '-23:59', '+24:00', '+23:60', '+0530', '+05', '+5:30', ' Z', 'Z ')
  })
  .map((p) => `${p.year}-${p.month}-${p.day}${p.separator}${p.hour}:${p.minute}${p.seconds}${p.fraction}${p.offset}`)

describe('zod-free formats give zod 4’s verdicts', () => {
  const zodUrl = z.url()
  const zodBase64 = z.base64()
  // zod asks URL.canParse when there is one, and Node 20's errs on Latin-1 hosts once it is
  // optimised (test/parse/urls.test.ts): zod's verdict is taken by its other path, `new URL`.
  const canParse = URL.canParse
  beforeAll(() => void Reflect.deleteProperty(URL, 'canParse'))
  afterAll(() => void Object.assign(URL, {canParse}))
  test.prop([urlArb], {numRuns: 4000})('url: the WHATWG parser on the trimmed string', (value) => {
    expect(isUrl(value)).toBe(zodUrl.safeParse(value).success)
  })
  test.prop([base64Arb], {numRuns: 4000})('base64: length, alphabet and padding', (value) => {
    expect(isBase64(value)).toBe(zodBase64.safeParse(value).success)
  })
})

type Json = Record<string, unknown>

/** One change that sits at a check of the model: a format, a bound, a rule. */
const blockChange = fc.oneof(
  urlArb.map((url) => (block: Json) => ({...block, type: 'image', url, image_b64: undefined})),
  base64Arb.map((image_b64) => (block: Json) => ({...block, type: 'image', url: undefined, image_b64})),
  base64Arb.map((value) => (block: Json) => ({...block, type: 'formula', latex: 'x', rendered_image_b64: value})),
  fc.tuple(urlArb, base64Arb).map(([image_url, image_b64]) => (block: Json) => ({...block, type: 'diagram', nodes: [], edges: [], image_url, image_b64})),
  // Image source: neither, both, one.
  fc
    .tuple(fc.option(urlArb, {nil: undefined}), fc.option(base64Arb, {nil: undefined}))
    .map(([url, image_b64]) => (block: Json) => ({...block, type: 'image', url, image_b64})),
  // The bbox rule: out of range, corners out of order, in units that are not normalized.
  fc
    .tuple(fc.array(fc.constantFrom(-0.5, -0, 0, 0.25, 0.5, 1, 1.0000001, 2, -1e-9), {minLength: 4, maxLength: 4}), fc.constantFrom('normalized', 'normalized', 'pixels', 'Normalized'))
    .map(([bbox, bbox_units]) => (block: Json) => ({...block, bbox, bbox_units})),
  // A bbox of three or five numbers (a tuple has its length).
  fc.constantFrom([0, 0, 1], [0, 0, 1, 1, 1], [0, 0.5, 1, 1, 0.5]).map((bbox) => (block: Json) => ({...block, bbox})),
  // Bounds and integers.
  fc.constantFrom(0, 1, 1.5, -1, 2 ** 53, 2 ** 53 - 1, 3).map((page) => (block: Json) => ({...block, page})),
  fc.constantFrom(-1, -0, 0, 0.5, 1.5, 2 ** 53).map((index) => (block: Json) => ({...block, reading_order_index: index})),
  fc.constantFrom(-0.001, 0, 1, 1.001, 0.5).map((confidence) => (block: Json) => ({...block, confidence})),
  fc.constantFrom('', 'b', 'x y').map((id) => (block: Json) => ({...block, id})),
  // Known and unknown types (an unknown type keeps only the common fields checked).
  fc.constantFrom('heading', 'Heading', 'signature', 'table', 'image', '', 'formula ').map((type) => (block: Json) => ({...block, type}))
)

/** Values a change anywhere puts in place: each JSON type, and the values at the model's bounds and enums. */
const anywhereValues = [null, true, 0, -0, -1, 0.5, 1, 1.5, 2 ** 53, '', 'x', 'normalized', 'verified', 'heading', 'completed', [], [0, 0, 1, 1], [''], {}]

/**
 * A change anywhere in the value (a node picked among all of them): replaced by one of
 * `anywhereValues`, removed, or, for an object, given a key the model does not name. This is what
 * holds every field to zod: a compiler that skipped a field or made an optional one required fails.
 */
const anywhereChange = fc.tuple(fc.nat(), fc.nat({max: anywhereValues.length + 1})).map(([at, how]) => (root: Json) => {
  const places: Array<[Record<string | number, unknown>, string | number]> = []
  const walk = (value: unknown) => {
    if (typeof value !== 'object' || value === null) return
    for (const key of Object.keys(value)) {
      places.push([value as Record<string, unknown>, Array.isArray(value) ? Number(key) : key])
      walk((value as Record<string, unknown>)[key])
    }
  }
  walk(root)
  const [parent, key] = places[at % places.length]!
  const value = parent[key]
  if (how < anywhereValues.length) parent[key] = structuredClone(anywhereValues[how])
  else if (how === anywhereValues.length) {
    if (Array.isArray(parent)) parent.splice(key as number, 1)
    else delete parent[key]
  }
  else if (typeof value === 'object' && value !== null && !Array.isArray(value)) (value as Json).unknown_key = 1
  else parent[key] = {unknown_key: 1}
})

const documentChange = fc.oneof(
  fc
    .tuple(fc.nat(), fc.nat(), blockChange)
    .map(([p, b, change]) => (doc: {pages: Array<{blocks: Json[]}>}) => {
      const page = doc.pages[p % doc.pages.length]!
      if (page.blocks.length > 0) page.blocks[b % page.blocks.length] = change(page.blocks[b % page.blocks.length]!)
      else page.blocks.push(change({id: 'n', type: 'paragraph', page: 1, bbox: [0, 0, 1, 1], bbox_units: 'normalized', reading_order_index: 0, text_source: 'verified', confidence: 1, verified: true, text: ''}))
    }),
  fc
    .constantFrom(`sha256:${'a'.repeat(64)}`, `sha256:${'A'.repeat(64)}`, `sha256:${'a'.repeat(63)}`, `sha256:${'a'.repeat(64)}\n`, `SHA256:${'a'.repeat(64)}`)
    .map((file_hash) => (doc: {source: Json}) => void (doc.source.file_hash = file_hash)),
  fc.constantFrom(0, 1, 2.5, -3).map((page_count) => (doc: {source: Json}) => void (doc.source.page_count = page_count)),
  fc
    .constantFrom([8.5, 11], [0, 11], [8.5, -1], [8.5], [8.5, 11, 1], [1e-9, 1])
    .map((size) => (doc: {source: {page_sizes: unknown[]}}) => void doc.source.page_sizes.push(size)),
  fc
    .constantFrom(1, 0, 1.5, {page: 2}, {page: 0}, {page: 1, code: 7}, {page: 1, extra: true}, 'x')
    .map((failure) => (doc: {extraction: {per_page_failures: unknown[]}}) => void doc.extraction.per_page_failures.push(failure)),
  fc.constantFrom(null, 0, 1, 1.01, -0.01).map((score) => (doc: {extraction: Json}) => void (doc.extraction.faithfulness_score = score))
)

const jobChange = fc.oneof(
  datetimeArb.map((created_at) => (job: Json) => void (job.created_at = created_at)),
  fc.option(datetimeArb, {nil: null}).map((at) => (job: Json) => void (job.started_at = at)),
  fc.option(datetimeArb, {nil: null}).map((at) => (job: Json) => void (job.expires_at = at)),
  urlArb.map((url) => (job: Json) => void (job.status_url = url)),
  // Status invariants: each status with a document or none, markdown or none, an error or none.
  fc
    .tuple(fc.constantFrom('queued', 'processing', 'completed', 'failed', 'cancelled', 'done'), fc.boolean(), fc.boolean(), fc.boolean())
    .map(([status, document, markdown, error]) => (job: Json) => {
      job.status = status
      if (!document) job.document = null
      if (!markdown) job.markdown = null
      if (error) job.error = {code: 'E', message: 'failed'}
    }),
  fc.constantFrom(-1, 0, 0.5, 2 ** 53).map((size) => (job: {file_info: Json}) => void (job.file_info.size_bytes = size)),
  fc.constantFrom(null, -1, 0, 3.5).map((seconds) => (job: Json) => void (job.estimated_seconds = seconds)),
  fc.constantFrom('', 'j').map((id) => (job: Json) => void (job.job_id = id))
)

/** Changes anywhere, last (the changes at the checks find the structure they change). */
const anywhereChanges = fc.array(anywhereChange, {maxLength: 2})

/** A small generated document (blocks of every type) with changes at the model's checks and anywhere. */
const changedDocument = fc
  .tuple(documentArb, fc.array(documentChange, {minLength: 1, maxLength: 3}), anywhereChanges)
  .map(([doc, changes, anywhere]) => {
    const copy = structuredClone(doc) as unknown as Parameters<(typeof changes)[number]>[0] & Json
    for (const change of changes) change(copy as never)
    for (const change of anywhere) change(copy)
    return copy
  })

// The validators held to zod: the compiled lenient model (what the CLI runs) and the plan's
// interpreter on the same plan; the strict model compiled into a temporary module.
type Root = (typeof PLAN_ROOTS)[number]
const interpreted = (() => {
  const {plan, roots} = lenientPlan()
  const of = validatorsOf(plan)
  return (root: Root) => of(roots[root])
})()
/** The schemas' plan compiled into a module of a temporary folder, imported: each schema's validator by name. */
const tempDirs: string[] = []
async function compiledSchemas<Name extends string>(schemas: Record<Name, z.core.$ZodType>): Promise<Record<Name, Validator>> {
  const names = Object.keys(schemas) as Name[]
  const {plan, roots} = planOf(names.map((name) => schemas[name]))
  const text = compiledPlan(plan, {
    roots: Object.fromEntries(names.map((name, i) => [name, roots[i]!])),
    exportName: 'validators',
    imports: {formats: repoPath('src/model/formats.ts'), rules: repoPath('src/model/rules.ts')}
  })
  const dir = mkdtempSync(join(tmpdir(), 'docmodel-compiled-'))
  tempDirs.push(dir)
  writeFileSync(join(dir, 'validators.ts'), text)
  return ((await import(join(dir, 'validators.ts'))) as {validators: Record<Name, Validator>}).validators
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, {recursive: true, force: true})
})

const strict = {validators: {} as Record<Root, Validator>}
beforeAll(async () => {
  strict.validators = await compiledSchemas<Root>({Document: strictModel.Document, Job: strictModel.Job, Page: strictModel.Page, Block: strictModel.Block})
})

/** Each validator's verdict on `value` as the root `root`, beside zod's (lenient and strict). */
function expectZodVerdicts(root: Root, value: unknown) {
  const lenient = lenientModel[root].safeParse(value).success
  expect({compiled: lenientValidator(root)(value), interpreted: interpreted(root)(value)}).toEqual({compiled: lenient, interpreted: lenient})
  expect(strict.validators[root](value)).toBe(strictModel[root].safeParse(value).success)
}

describe('the compiled plans and the interpreter give zod’s verdict (lenient and strict models)', () => {
  test.prop([changedDocument], {numRuns: 1500})('on generated documents changed at their checks and anywhere, and on their pages', (doc) => {
    expectZodVerdicts('Document', doc)
    for (const page of (doc as {pages?: unknown}).pages instanceof Array ? (doc as {pages: unknown[]}).pages : []) expectZodVerdicts('Page', page)
  })

  // Mostly a valid document, so that the job's own fields decide.
  const jobDocument = fc.oneof({arbitrary: documentArb, weight: 3}, {arbitrary: changedDocument, weight: 1})
  test.prop([jobDocument, fc.array(jobChange, {minLength: 1, maxLength: 3}), anywhereChanges], {numRuns: 2000})(
    'on generated jobs changed at their checks and anywhere',
    (doc, changes, anywhere) => {
      const job = completedJob(doc) as unknown as Json
      for (const change of changes) change(job as never)
      for (const change of anywhere) change(job)
      expectZodVerdicts('Job', job)
    }
  )
})

// What the compiler knows beyond the two models (a catch-all node, optional tuple items, a large
// enum, a global pattern, a key with several literals, …), held to zod on small values.
describe('the compiler on every kind of node and check', () => {
  const features = {
    catchall: z.object({a: z.string()}).catchall(z.number()),
    strict: z.strictObject({a: z.string(), b: z.number().optional()}),
    tuple: z.tuple([z.string(), z.number().int().optional(), z.boolean().optional()]),
    enum: z.enum(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']),
    global: z.string().regex(/a+b/g),
    keys: z.discriminatedUnion('k', [z.object({k: z.literal(['x', 'y']), n: z.number().lt(1)}), z.object({k: z.literal(1), s: z.string().min(2)}), z.object({k: z.literal(true)})]),
    mixed: z.union([z.literal(1), z.null(), z.array(z.unknown()).min(2), z.never(), z.nullable(z.enum(['x']))]),
    formats: z.object({u: z.url().optional(), b: z.base64().nullable()})
  }
  const compiled = {validators: {} as Record<keyof typeof features, Validator>}
  beforeAll(async () => {
    compiled.validators = await compiledSchemas(features)
  })

  it('plans them all', () => {
    const {plan} = planOf(Object.values(features))
    expect(plan.nodes.filter((node) => node.type === 'zod' || (node.checks ?? []).some((check) => check.check === 'zod'))).toEqual([])
  })

  const leaf = fc.constantFrom(null, undefined, true, 0, 0.5, 1, 1.5, -1, Number.NaN, '', 'a', 'b', 'h', 'x', 'y', 'z', 'ab', 'aab', 'ba', 'https://a.b', 'aGk=')
  // Objects near the schemas' own: a key for the union, values on either side of each field's check.
  const near = fc.constantFrom(null, 'x', 'y', 1, true, 0, 0.5, 2, 'a', 'ab', 'https://a.b', 'aGk=')
  const value = fc.oneof(
    leaf,
    fc.array(leaf, {maxLength: 4}),
    fc.dictionary(fc.constantFrom('a', 'b', 'k', 'n', 's', 'u', 'z'), leaf, {maxKeys: 4}),
    {arbitrary: fc.record({k: near, n: near, s: near, a: near, b: near, u: near}, {requiredKeys: ['k']}), weight: 2}
  )
  test.prop([value], {numRuns: 3000})('give zod’s verdict', (value) => {
    for (const [name, schema] of Object.entries(features)) expect([name, compiled.validators[name as keyof typeof features](value)]).toEqual([name, schema.safeParse(value).success])
  })
})
