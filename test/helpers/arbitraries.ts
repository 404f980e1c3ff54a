import fc from 'fast-check'
import type {Block, Document} from '../../src/index.js'
import {PNG_1x1} from './blocks.js'

/** Pieces of text that markdown would read as structure if they were not escaped. */
const tricky = fc.constantFrom(
  '# x',
  '## ',
  '*a*',
  '_b_',
  '**c**',
  '| b |',
  '|',
  '<script>',
  '</div>',
  '<!-- c -->',
  '[x](javascript:y)',
  '![i](x.png)',
  '[^1]',
  '[a]: http://x',
  '$x$',
  '$$',
  '```',
  '~~~',
  '~~s~~',
  '- [ ] t',
  '- ',
  '* ',
  '+ ',
  '1. ',
  '1) ',
  '> q',
  '---',
  '===',
  '***',
  '&amp;',
  '&#35;',
  '&copy',
  '\\',
  '\\\n',
  '  \n',
  '\n\n',
  '\n',
  '\t',
  '    code',
  'http://a.bc/d',
  'https://x.org',
  'www.x.com',
  'a@b.co',
  'é',
  '中文',
  '🙂',
  '\u00a0',
  '\r\n',
  '\r',
  '\0',
  '`',
  '"',
  "'",
  '(',
  ')',
  '{',
  '}',
  '^',
  ':',
  '#',
  '  ',
  '\\*',
  '<',
  '>'
)
/** Text made of ordinary words and markdown-significant pieces. */
export const textArb = fc
  .array(fc.oneof(tricky, fc.string({maxLength: 6}), fc.constantFrom('word', 'Revenue', '42', 'x')), {maxLength: 8})
  .map((parts) => parts.join(''))
const oneLine = textArb.map((t) => t.replace(/[\r\n]+/g, ' '))

const common = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
  role: fc.option(fc.constantFrom('title', 'section', 'subsection', 'body', 'x'), {nil: undefined}),
  bbox: fc
    .tuple(
      fc.double({min: 0, max: 1, noNaN: true}),
      fc.double({min: 0, max: 1, noNaN: true}),
      fc.double({min: 0, max: 1, noNaN: true}),
      fc.double({min: 0, max: 1, noNaN: true})
    )
    .map(([a, b, c, d]) => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)] as [number, number, number, number]),
  bbox_units: fc.constant('normalized'),
  reading_order_index: fc.nat({max: 8}),
  text_source: fc.constantFrom('verified', 'inferred', 'derived' as const),
  confidence: fc.double({min: 0, max: 1, noNaN: true}),
  verified: fc.boolean()
})

const listText = fc
  .array(fc.tuple(fc.constantFrom('', '  ', '    '), fc.constantFrom('- ', '* ', '• ', '1. ', '2) ', 'a) '), oneLine), {
    minLength: 1,
    maxLength: 5
  })
  .map((items) => items.map(([indent, marker, text]) => indent + marker + text).join('\n'))

const latexArb = fc.oneof(
  fc.constantFrom('x^2', '\\frac{a}{b}', 'E = mc^2', '\\sum_{i=1}^n i', '\\alpha + \\beta', '\\href{javascript:x}{y}'),
  textArb
)
const urlArb = fc.constantFrom(
  'https://example.com/a.png',
  'http://x.org/a b.png',
  'javascript:alert(1)',
  'data:text/html,<script>',
  'ftp://x.org/f',
  'HTTPS://X.ORG/(1).png'
)

/** Content fields per block type (and one unknown type). */
const content = {
  heading: fc.record({type: fc.constant('heading'), text: textArb}),
  paragraph: fc.record({type: fc.constant('paragraph'), text: textArb}),
  list: fc.record({type: fc.constant('list'), text: listText}),
  caption: fc.record({type: fc.constant('caption'), text: textArb}),
  footnote: fc.record({type: fc.constant('footnote'), text: textArb}),
  page_header: fc.record({type: fc.constant('page_header'), text: textArb}),
  page_footer: fc.record({type: fc.constant('page_footer'), text: textArb}),
  callout: fc.record({type: fc.constant('callout'), text: textArb}),
  code: fc.record(
    {type: fc.constant('code'), text: textArb, language: fc.option(fc.constantFrom('python', 'js', 'a`b', 'c c'), {nil: undefined})},
    {requiredKeys: ['type', 'text']}
  ),
  table: fc.record({
    type: fc.constant('table'),
    headers: fc.array(textArb, {maxLength: 3}),
    rows: fc.array(fc.array(textArb, {maxLength: 4}), {maxLength: 3})
  }),
  image: fc.oneof(
    fc.record({type: fc.constant('image'), url: urlArb, alt: textArb, caption: textArb}),
    fc.record(
      {type: fc.constant('image'), image_b64: fc.constant(PNG_1x1), alt: textArb, caption: textArb, embedded_text: textArb},
      {requiredKeys: ['type', 'image_b64']}
    )
  ),
  diagram: fc.record({
    type: fc.constant('diagram'),
    nodes: fc.array(fc.record({id: fc.constantFrom('a', 'b', 'c d', '"q"'), label: textArb}), {maxLength: 3}),
    edges: fc.array(fc.record({from: fc.constantFrom('a', 'b', 'zz'), to: fc.constantFrom('a', 'c d'), label: oneLine}), {maxLength: 3})
  }),
  chart: fc.record({
    type: fc.constant('chart'),
    chart_type: fc.constant('bar'),
    title: textArb,
    categories: fc.array(oneLine, {maxLength: 3}),
    series: fc.array(
      fc.record({
        name: oneLine,
        values: fc.array(fc.option(fc.double({noNaN: true, noDefaultInfinity: true}), {nil: null}), {maxLength: 3})
      }),
      {maxLength: 2}
    )
  }),
  formula: fc.record({type: fc.constant('formula'), latex: latexArb}),
  unknown: fc.record({type: fc.constantFrom('signature', 'stamp'), text: fc.option(textArb, {nil: undefined})}, {requiredKeys: ['type']})
}
export type ArbType = keyof typeof content
export const ARB_TYPES = Object.keys(content) as ArbType[]

/** A block of the given type (or of any type) on `page`. */
export function blockArb(page: number, type?: ArbType): fc.Arbitrary<Block> {
  const body = type ? content[type] : fc.oneof(...Object.values(content))
  return fc.tuple(common, body as fc.Arbitrary<Record<string, unknown>>).map(([c, b]) => ({...c, ...b, page}) as unknown as Block)
}

/** A document of 1–3 pages holding blocks of every kind. */
export const documentArb: fc.Arbitrary<Document> = fc
  .array(fc.nat({max: 6}), {minLength: 1, maxLength: 3})
  .chain((sizes) => fc.tuple(...sizes.map((size, i) => fc.array(blockArb(i + 1), {maxLength: size}))))
  .map((pages) => ({
    source: {
      kind: 'pdf',
      filename: 'gen.pdf',
      file_hash: `sha256:${'a'.repeat(64)}`,
      page_count: pages.length,
      page_sizes: pages.map(() => [8.5, 11])
    },
    extraction: {model: 'm', profile: 'p', duration_ms: 1, faithfulness_score: null, per_page_failures: []},
    pages: pages.map((blocks, i) => ({page: i + 1, blocks}))
  }))

/** A deterministic shuffle driven by a seed (mulberry32). */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** The same JSON with every object's keys in a shuffled order. */
export function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item, i) => shuffleKeys(item, seed + i + 1))
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(shuffle(Object.entries(value), seed).map(([k, v], i) => [k, shuffleKeys(v, seed * 31 + i)]))
}

/** Freezes a value and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

/** A completed job response carrying `document` (what the CLI reads as a job). */
export function completedJob(document: unknown) {
  return {
    job_id: 'j',
    status: 'completed',
    file_info: {filename: 'gen.pdf', size_bytes: 1, mime_type: 'application/pdf'},
    created_at: '2026-01-01T00:00:00Z',
    started_at: null,
    completed_at: null,
    estimated_seconds: null,
    status_url: 'https://api.example.com/v1/jobs/j',
    expires_at: null,
    document,
    markdown: '',
    cache_hit: false,
    error: null
  }
}
