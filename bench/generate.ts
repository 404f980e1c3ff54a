// Seeded synthetic documents of realistic shape for the benchmarks: ~50 blocks a page, every
// block type in realistic proportions, text drawn from the real documents of the corpus.
import {readFileSync, readdirSync} from 'node:fs'

/** mulberry32: a small seeded PRNG, so every run benchmarks the same bytes. */
function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Sentences of the corpus (real words and punctuation), plus a few markdown-significant ones. */
function sentences(): string[] {
  const dir = new URL('../test/fixtures/corpus/', import.meta.url)
  const out: string[] = []
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as {pages: Array<{blocks: Array<{text?: string}>}>}
    for (const page of doc.pages)
      for (const block of page.blocks) if (block.text) out.push(...block.text.split(/(?<=[.!?])\s+/).filter((s) => s.length > 20))
  }
  return [
    ...out,
    'Costs fell 3.5% (see *Table 2*).',
    'Use the `--strict` flag; e.g. a_b_c.',
    'Revenue | margin: $4.2M < $5M.',
    '# of items: 12 [approx.]'
  ]
}

const MIX: Array<[string, number]> = [
  ['paragraph', 40],
  ['heading', 8],
  ['list', 7],
  ['caption', 5],
  ['footnote', 3],
  ['callout', 2],
  ['code', 2],
  ['table', 7],
  ['image', 4],
  ['diagram', 1],
  ['chart', 2],
  ['formula', 3]
]
const LATEX = [
  'E = mc^2',
  '\\frac{a+b}{c}',
  '\\sum_{i=1}^{n} x_i^2',
  '\\int_0^1 f(x)\\,dx',
  '\\sqrt{\\alpha^2 + \\beta^2}',
  'P(A \\mid B) = \\frac{P(B \\mid A) P(A)}{P(B)}'
]
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

/** A document of `pages` pages (JSON text), seeded. */
export function generateDocument(pages: number, seed = 42): string {
  const rand = random(seed)
  const pool = sentences()
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!
  const text = (min: number, max: number) => Array.from({length: min + Math.floor(rand() * (max - min + 1))}, () => pick(pool)).join(' ')
  const total = MIX.reduce((sum, [, weight]) => sum + weight, 0)
  const type = () => {
    let r = rand() * total
    for (const [name, weight] of MIX) if ((r -= weight) < 0) return name
    return 'paragraph'
  }
  const out = []
  for (let p = 1; p <= pages; p++) {
    const blocks: Record<string, unknown>[] = []
    const add = (kind: string, content: Record<string, unknown>) => {
      const i = blocks.length
      const y = 0.04 + (i / 52) * 0.9
      const derived = ['table', 'image', 'diagram', 'chart', 'formula'].includes(kind)
      const inferred = !derived && rand() < 0.1
      blocks.push({
        id: `p${p}_b${i}`,
        type: kind,
        ...(kind === 'heading' ? {role: pick(['section', 'subsection', 'title'])} : {}),
        page: p,
        bbox: [0.08, y, 0.92, Math.min(1, y + 0.015)],
        bbox_units: 'normalized',
        reading_order_index: i,
        ...content,
        text_source: derived ? 'derived' : inferred ? 'inferred' : 'verified',
        confidence: inferred ? Math.round(rand() * 1000) / 1000 : 0.9 + Math.round(rand() * 100) / 1000,
        verified: !derived && !inferred
      })
    }
    add('page_header', {text: 'Synthetic benchmark document · confidential'})
    for (let b = 0; b < 48; b++) {
      const kind = type()
      if (kind === 'paragraph') add(kind, {text: text(2, 6)})
      else if (kind === 'heading') add(kind, {text: text(1, 1).slice(0, 60)})
      else if (kind === 'list')
        add(kind, {text: Array.from({length: 3 + Math.floor(rand() * 4)}, (_, i) => `${i + 1}. ${text(1, 1)}`).join('\n')})
      else if (kind === 'caption' || kind === 'footnote' || kind === 'callout') add(kind, {text: text(1, 2)})
      else if (kind === 'code')
        add(kind, {language: 'python', text: 'def total(items):\n    return sum(i.price * i.qty for i in items)\n\nprint(total(cart))'})
      else if (kind === 'table')
        add(kind, {
          headers: ['Item', 'Q1', 'Q2', 'Change'],
          rows: Array.from({length: 4 + Math.floor(rand() * 6)}, () => [
            text(1, 1).slice(0, 30),
            `${Math.floor(rand() * 900)}`,
            `${Math.floor(rand() * 900)}`,
            `${(rand() * 20 - 10).toFixed(1)}%`
          ])
        })
      else if (kind === 'image')
        add(
          kind,
          rand() < 0.5
            ? {url: `https://example.com/img/${p}-${b}.png`, alt: text(1, 1).slice(0, 50), caption: 'Figure'}
            : {image_b64: PNG, alt: 'Figure', caption: text(1, 1).slice(0, 80)}
        )
      else if (kind === 'diagram')
        add(kind, {
          nodes: [
            {id: 'a', label: 'Input'},
            {id: 'b', label: 'Process'},
            {id: 'c', label: 'Output'}
          ],
          edges: [
            {from: 'a', to: 'b'},
            {from: 'b', to: 'c', label: 'ok'}
          ]
        })
      else if (kind === 'chart')
        add(kind, {
          chart_type: 'bar',
          title: 'Quarterly revenue',
          categories: ['Q1', 'Q2', 'Q3', 'Q4'],
          series: [
            {name: 'EMEA', values: [1.5, 2, null, 3.25]},
            {name: 'APAC', values: [0.5, 1, 1.5, 2]}
          ]
        })
      else add(kind, {latex: pick(LATEX)})
    }
    add('page_footer', {text: `Page ${p} of ${pages}`})
    out.push({page: p, blocks})
  }
  return JSON.stringify({
    source: {
      kind: 'pdf',
      filename: 'synthetic.pdf',
      file_hash: `sha256:${'ab'.repeat(32)}`,
      page_count: pages,
      page_sizes: Array.from({length: pages}, () => [8.5, 11])
    },
    extraction: {model: 'synthetic', profile: 'benchmark', duration_ms: 1000, faithfulness_score: 0.99, per_page_failures: []},
    pages: out
  })
}
