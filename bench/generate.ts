// Seeded synthetic documents of realistic shape for the benchmarks: ~50 blocks a page, every
// block type in realistic proportions, text drawn from the real documents of the corpus with the
// corpus's lengths per block type, and distinct formulas.
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

interface Corpus {
  /** Sentences of the corpus (real words and punctuation), plus a few markdown-significant ones. */
  sentences: string[]
  /** Text lengths (characters) of the corpus blocks, by block type. */
  lengths: Map<string, number[]>
}

function corpus(): Corpus {
  const dir = new URL('../test/fixtures/corpus/', import.meta.url)
  const sentences: string[] = []
  const lengths = new Map<string, number[]>()
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as {pages: Array<{blocks: Array<{type: string; text?: string}>}>}
    for (const page of doc.pages)
      for (const block of page.blocks) {
        if (!block.text) continue
        sentences.push(...block.text.split(/(?<=[.!?])\s+/).filter((s) => s.length > 20))
        if (block.text.length > 1) lengths.set(block.type, [...(lengths.get(block.type) ?? []), block.text.length])
      }
  }
  sentences.push(
    'Costs fell 3.5% (see *Table 2*).',
    'Use the `--strict` flag; e.g. a_b_c.',
    'Revenue | margin: $4.2M < $5M.',
    '# of items: 12 [approx.]'
  )
  return {sentences, lengths}
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
/**
 * Distinct, realistic LaTeX: fractions, roots, sums, integrals, matrices and Greek letters combined
 * at random, so that a cache of formula verdicts is rewarded only as much as real documents would
 * reward it (formulas in real papers rarely repeat).
 */
function latexOf(rand: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!
  const symbol = () => pick(['x', 'y', 'z', 'a', 'b', 'n', 'k', 't', '\\alpha', '\\beta', '\\lambda', '\\theta', '\\mu', '\\sigma'])
  const number = () => String(1 + Math.floor(rand() * 99))
  const atom = (): string => {
    const s = symbol()
    const r = rand()
    return r < 0.3 ? `${s}_{${pick(['i', 'j', 'k', '0', '1', 'n'])}}` : r < 0.5 ? `${s}^{${number()}}` : r < 0.6 ? number() : s
  }
  const term = (depth: number): string => {
    if (depth > 2) return atom()
    switch (Math.floor(rand() * 8)) {
      case 0:
        return `\\frac{${term(depth + 1)}}{${term(depth + 1)}}`
      case 1:
        return `\\sqrt{${expression(depth + 1)}}`
      case 2:
        return `\\sum_{i=${pick(['0', '1'])}}^{${pick(['n', 'N', '\\infty'])}} ${term(depth + 1)}`
      case 3:
        return `\\int_{${number()}}^{${pick([number(), '\\infty'])}} ${term(depth + 1)} \\, d${pick(['x', 't', 's'])}`
      case 4:
        return `\\left( ${expression(depth + 1)} \\right)`
      case 5:
        return `\\begin{pmatrix} ${atom()} & ${atom()} \\\\ ${atom()} & ${atom()} \\end{pmatrix}`
      default:
        return atom()
    }
  }
  const expression = (depth: number): string =>
    Array.from({length: 1 + Math.floor(rand() * 3)}, () => term(depth)).join(` ${pick(['+', '-', '\\cdot', '\\leq', '\\times'])} `)
  return `${atom()} ${pick(['=', '\\approx', '\\leq', '\\geq'])} ${expression(0)}`
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

/** A document of `pages` pages (JSON text), seeded. */
export function generateDocument(pages: number, seed = 42): string {
  const rand = random(seed)
  const {sentences: pool, lengths} = corpus()
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!
  const text = (min: number, max: number) => Array.from({length: min + Math.floor(rand() * (max - min + 1))}, () => pick(pool)).join(' ')
  /** Text as long as a block of that type in the corpus (a length drawn from their lengths), cut at a word. */
  const textLike = (type: string) => {
    const length = pick(lengths.get(type) ?? lengths.get('paragraph')!)
    let out = pick(pool)
    while (out.length < length) out += ' ' + pick(pool)
    const cut = out.lastIndexOf(' ', length)
    return cut > 0 ? out.slice(0, cut) : out
  }
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
      if (kind === 'paragraph' || kind === 'heading' || kind === 'caption') add(kind, {text: textLike(kind)})
      else if (kind === 'list') {
        // Items of one corpus sentence each, until the list is as long as a corpus list.
        const length = pick(lengths.get('list')!)
        const items: string[] = []
        for (let size = 0; size < length || items.length < 2; size += items.at(-1)!.length + 1) items.push(`${items.length + 1}. ${pick(pool)}`)
        add(kind, {text: items.join('\n')})
      } else if (kind === 'footnote' || kind === 'callout') add(kind, {text: text(1, 2)})
      else if (kind === 'code')
        add(kind, {language: 'python', text: 'def total(items):\n    return sum(i.price * i.qty for i in items)\n\nprint(total(cart))'})
      else if (kind === 'table') {
        // 3–8 columns and 3–12 rows (the corpus tables are 7–8 × 4–5): a label, then figures.
        const columns = 3 + Math.floor(rand() * 6)
        add(kind, {
          headers: ['Item', ...Array.from({length: columns - 1}, (_, c) => text(1, 1).split(' ').slice(0, 2).join(' ') || `Column ${c}`)],
          rows: Array.from({length: 3 + Math.floor(rand() * 10)}, () => [
            text(1, 1).slice(0, 30),
            ...Array.from({length: columns - 1}, () =>
              rand() < 0.7 ? `${Math.floor(rand() * 9000) / 10}` : `${(rand() * 20 - 10).toFixed(1)}%`
            )
          ])
        })
      }
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
      else add(kind, {latex: latexOf(rand)})
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

/**
 * A document of `pages` pages of one paragraph each (JSON text, ~430 bytes a page), seeded: the
 * shape that costs a page-by-page reader most for its size, since whatever it keeps for every page
 * (where the page is, its number, its block ids, the summary's figures of it) is large beside it.
 */
export function generateSmallPages(pages: number, seed = 42): string {
  const rand = random(seed)
  const {sentences: pool} = corpus()
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!
  const list = []
  for (let p = 1; p <= pages; p++) {
    let text = pick(pool)
    while (text.length < 160) text += ' ' + pick(pool)
    const block = {
      id: `p${p}_b0`,
      type: 'paragraph',
      page: p,
      bbox: [0.08, 0.1, 0.92, 0.2],
      bbox_units: 'normalized',
      reading_order_index: 0,
      text: text.slice(0, 240),
      text_source: 'verified',
      confidence: 0.9 + Math.round(rand() * 100) / 1000,
      verified: true
    }
    list.push({page: p, blocks: [block]})
  }
  return JSON.stringify({
    source: {
      kind: 'pdf',
      filename: 'small-pages.pdf',
      file_hash: `sha256:${'cd'.repeat(32)}`,
      page_count: pages,
      page_sizes: Array.from({length: pages}, () => [8.5, 11])
    },
    extraction: {model: 'synthetic', profile: 'benchmark', duration_ms: 1000, faithfulness_score: 0.99, per_page_failures: []},
    pages: list
  })
}
