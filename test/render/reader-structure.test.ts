import {fc, test} from '@fast-check/vitest'
import type {Heading, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {describe, expect, it} from 'vitest'
import {type Block, render, renderMarkdown} from '../../src/index.js'
import {repeatEnd} from '../../src/render/figures.js'
import {follows, sectionNumber} from '../../src/render/numbering.js'
import {PNG_1x1, makeBlock} from '../helpers/blocks.js'
import {missingWords} from '../import/helpers.js'

// What a reader gets: a figure's caption once, headings as deep as their numbers say.

const reader = unified().use(remarkParse).use(remarkGfm)
const readBack = (markdown: string) => reader.parse(markdown) as Root
/** How many times `part`'s words occur in a row in `text`'s (punctuation aside). */
const occurrences = (text: string, part: string) => ` ${text.replace(/[^a-z0-9]+/gi, ' ').trim()} `.split(` ${part} `).length - 1

describe('a figure’s caption', () => {
  // Caption words are consonants or numbers (`12`), never "Image", "Text in image"; what
  // an image adds is vowels (new words, or a caption word made longer): a repeat can only be
  // the caption's.
  const wordArb = fc.oneof(fc.stringMatching(/^[b-df-hj-np-tv-z]{1,6}$/), fc.stringMatching(/^[1-9][0-9]{0,2}$/))
  const wordsArb = fc.array(wordArb, {minLength: 1, maxLength: 8})
  const extraArb = fc.array(fc.stringMatching(/^[aeiou]{1,4}$/), {maxLength: 3})
  const longer = fc.stringMatching(/^[aeiou]{1,3}$/)
  /**
   * An image text near the caption, and the words of it a reader must find besides the caption
   * block's: its first words with the last maybe cut short (a repeat: none, unless the cut word
   * is a number, `1` for `12:`, which is another caption: all); all of them and more (the
   * more); the last made longer, the caption being the cut one (from that word on); a word
   * before the last made longer (another caption: all).
   */
  const nearArb = (words: string[]) =>
    fc.oneof(
      fc.tuple(fc.integer({min: 1, max: words.length}), fc.nat()).map(([count, cut]) => {
        const kept = words.slice(0, count)
        const last = kept.at(-1)!
        kept[kept.length - 1] = last.slice(0, 1 + (cut % last.length))
        const other = kept.at(-1) !== last && /[0-9]/.test(last)
        return {text: kept.join(' '), news: other ? kept : []}
      }),
      extraArb.map((extra) => ({text: [...words, ...extra].join(' '), news: extra})),
      fc.tuple(longer, extraArb).map(([more, extra]) => {
        const all = [...words.slice(0, -1), words.at(-1)! + more, ...extra]
        return {text: all.join(' '), news: /[0-9]/.test(words.at(-1)!) ? all : all.slice(words.length - 1)}
      }),
      fc.tuple(fc.nat(), longer, extraArb).map(([at, more, extra]) => {
        const all = [...words, ...extra]
        if (words.length > 1) all[at % (words.length - 1)] += more
        return {text: all.join(' '), news: words.length > 1 ? all : extra}
      })
    )
  const figureArb = wordsArb.chain((words) =>
    fc.record({
      words: fc.constant(words),
      caption: fc.option(nearArb(words), {nil: undefined}),
      alt: fc.option(nearArb(words), {nil: undefined}),
      embedded: fc.option(nearArb(words), {nil: undefined}),
      url: fc.boolean(),
      before: fc.boolean()
    })
  )
  /** The words of a text as a reader compares them (punctuation aside). */
  const wordsOf = (text: string) => text.split(/[^a-z0-9]+/i).filter((word) => word !== '')

  test.prop([figureArb], {numRuns: 300})(
    'is written once, by the caption block, and every word of the image’s texts stays',
    ({words, caption, alt, embedded, url, before}) => {
      const text = words.join(' ')
      const image = makeBlock('image', {
        ...(url ? {url: 'https://example.com/a.png'} : {image_b64: PNG_1x1}),
        ...(caption === undefined ? {} : {caption: caption.text}),
        ...(alt === undefined ? {} : {alt: alt.text}),
        ...(embedded === undefined ? {} : {embedded_text: embedded.text}),
        reading_order_index: before ? 2 : 1
      })
      const captionBlock = makeBlock('caption', {text, reading_order_index: before ? 1 : 2})
      const markdown = renderMarkdown([image, captionBlock], {embeddedText: true})
      const tree = readBack(markdown)
      // The reader's text, with image alt and title (where a web image keeps its words).
      const images: string[] = []
      const walk = (node: Root['children'][number] | Root) => {
        if (node.type === 'image') images.push(node.alt ?? '', node.title ?? '')
        if ('children' in node) node.children.forEach(walk)
      }
      walk(tree)
      const all = `${tree.children.map((node) => toString(node)).join(' ')} ${images.join(' ')}`.replace(/\s+/g, ' ')
      expect(occurrences(all, wordsOf(text).join(" "))).toBe(1)
      // Word multisets: the caption block's words and what each image text adds, each as often as said.
      const expected = [text, ...[caption, alt, embedded].map((own) => own?.news.join(' ') ?? '')]
      expect(missingWords(expected.map((part) => wordsOf(part).join(' ')), wordsOf(all).join(' '))).toEqual([])
    }
  )

  it('keeps the words of a caption that only looks like the caption block’s', () => {
    const figure = (own: string, caption: string) =>
      renderMarkdown([makeBlock('image', {url: 'https://e.com/a.png', alt: own, caption: own}), makeBlock('caption', {text: caption})])
    expect(figure('Figure 1', 'Figure 12: Costs by region')).toBe('![Figure 1](https://e.com/a.png "Figure 1")\n\n*Figure 12: Costs by region*\n')
    expect(figure('Sales by regionally adjusted', 'Sales by region')).toBe(
      '![…regionally adjusted](https://e.com/a.png "…regionally adjusted")\n\n*Sales by region*\n'
    )
  })

  it('repeatEnd: where a text stops repeating a caption', () => {
    expect(repeatEnd('Fig. 1. Sales by region', 'fig. 1.  Sales')).toBe(13)
    expect(repeatEnd('Fig. 1. Sales', 'Fig. 1. Sales by region')).toBe(13)
    expect(repeatEnd('Fig. 1. Sal', 'Fig. 1. Sales by region')).toBe(11)
    expect(repeatEnd('Fig. 1. Sales by region', 'Fig. 1. Sal')).toBe(8)
    expect(repeatEnd('Sales by regionally', 'Sales by region')).toBe(9)
    expect(repeatEnd('Figure 1', 'Figure 12: Costs')).toBeUndefined()
    expect(repeatEnd('Figure 12: Costs', 'Figure 1')).toBeUndefined()
    expect(repeatEnd('Fig. 2. Sales', 'Fig. 1. Sales')).toBeUndefined()
    expect(repeatEnd('Fi. 1', 'Fig. 1')).toBeUndefined()
    expect(repeatEnd('', 'Fig. 1')).toBeUndefined()
  })
})

describe('heading depth from section numbers', () => {
  type Scheme = 'decimal' | 'letter' | 'roman'
  const roman = (n: number) =>
    (
      [
        [10, 'X'],
        [9, 'IX'],
        [5, 'V'],
        [4, 'IV'],
        [1, 'I']
      ] as const
    ).reduce((out, [value, digits]) => {
      for (; n >= value; n -= value) out += digits
      return out
    }, '')
  const label = (scheme: Scheme, parts: number[]) => {
    const first = scheme === 'decimal' ? String(parts[0]) : scheme === 'letter' ? String.fromCharCode(64 + parts[0]!) : roman(parts[0]!)
    const rest = parts.slice(1).join('.')
    return rest === '' ? (scheme === 'decimal' ? first : `${first}.`) : `${first}.${rest}`
  }
  /** An outline in reading order: each step a first child, a next sibling, or up some levels and on. */
  const outlineArb = fc.tuple(
    fc.constantFrom<Scheme>('decimal', 'letter', 'roman'),
    fc.array(fc.tuple(fc.constantFrom('child', 'sibling', 'up'), fc.nat(4)), {minLength: 1, maxLength: 25})
  ).map(([scheme, steps]) => {
    const numbers: number[][] = [[1]]
    for (const [step, levels] of steps) {
      const last = [...numbers.at(-1)!]
      if (step === 'child' && last.length < 6) last.push(1)
      else if (step === 'up') last.splice(Math.max(1, last.length - levels)), (last[last.length - 1]! += 1)
      else last[last.length - 1]! += 1
      // Letters run to Z, the numerals drawn here to X.
      if (last[0]! > 10) break
      numbers.push(last)
    }
    return {scheme, numbers}
  })
  const headingsOf = (scheme: Scheme, numbers: number[][]): Block[] => [
    makeBlock('heading', {role: 'title', text: 'Title'}),
    ...numbers.map((parts) => makeBlock('heading', {role: 'section', text: `${label(scheme, parts)} Part`}))
  ]
  const depths = (markdown: string) => readBack(markdown).children.filter((node): node is Heading => node.type === 'heading').map((node) => node.depth)

  test.prop([outlineArb], {numRuns: 150})('a consistent outline: each heading one level below its number’s parent; the title stays #', ({scheme, numbers}) => {
    const markdown = renderMarkdown(headingsOf(scheme, numbers))
    const expected = numbers.length >= 2 ? numbers.map((parts) => Math.min(6, parts.length + 1)) : numbers.map(() => 2)
    expect(depths(markdown)).toEqual([1, ...expected])
    // The text is never touched.
    expect(readBack(markdown).children.map((node) => toString(node))).toEqual(['Title', ...numbers.map((parts) => `${label(scheme, parts)} Part`)])
  })

  test.prop([outlineArb, fc.boolean(), fc.subarray([1, 2, 3, 4], {minLength: 1}), fc.boolean()], {numRuns: 150})(
    'a selection (pages, a filter, a preset) never changes a heading’s depth',
    ({scheme, numbers}, backwards, pages, dropLowConfidence) => {
      // The outline (or one that runs backwards at its end) over four pages, some headings with low confidence.
      const all = backwards ? [...numbers, [2], [1, 1]] : numbers
      const headings = headingsOf(scheme, all).map((block, i, {length}) => ({
        ...block,
        page: 1 + Math.floor((i * 4) / length),
        reading_order_index: i,
        confidence: i % 3 === 2 ? 0.5 : 1
      }))
      const depthOf = new Map<string, number>()
      for (const node of readBack(renderMarkdown(headings)).children) if (node.type === 'heading') depthOf.set(toString(node), node.depth)
      const filter = {pages, ...(dropLowConfidence ? {minConfidence: 0.9} : {})}
      for (const options of [{filter}, {filter: 'trusted' as const}, {minConfidence: 0.9}]) {
        const kept = readBack(renderMarkdown(headings, options)).children.filter((node): node is Heading => node.type === 'heading')
        for (const node of kept) expect(node.depth, toString(node)).toBe(depthOf.get(toString(node)))
      }
    }
  )

  test.prop([outlineArb, outlineArb], {numRuns: 100})('an outline numbered afresh from a top-level 1 keeps its depths', (first, second) => {
    // The second outline in the first's scheme: a part that numbers its chapters anew.
    const numbers = [...first.numbers, ...second.numbers]
    const {markdown, warnings} = render(headingsOf(first.scheme, numbers))
    expect(depths(markdown)).toEqual([1, ...numbers.map((parts) => Math.min(6, parts.length + 1))])
    expect(warnings).toEqual([])
  })

  test.prop([outlineArb], {numRuns: 100})('one number that runs backwards, or the option off: every heading takes its role’s depth', ({scheme, numbers}) => {
    // 1.1 after 2 (a top-level 1 would start a series afresh; a repeated C. may be a numeral).
    const backwards = [...numbers, [2], [1, 1]]
    const {markdown, warnings} = render(headingsOf(scheme, backwards))
    expect(depths(markdown)).toEqual([1, ...backwards.map(() => 2)])
    expect(warnings.map((w) => w.code)).toEqual(['heading_numbering_inconsistent'])
    expect(depths(renderMarkdown(headingsOf(scheme, numbers), {headingNumbering: false}))).toEqual([1, ...numbers.map(() => 2)])
  })

  test.prop([fc.string({maxLength: 40}), fc.string({maxLength: 40})])('sectionNumber: a number only before whitespace and a title (not a lowercase word); follows is a strict order', (a, b) => {
    const x = sectionNumber(a)
    if (x) expect(a.trimStart()).toMatch(/^[0-9A-Z.]+\s+[^\s\p{Ll}]/u)
    const y = sectionNumber(b)
    if (x && y && x.scheme === y.scheme) expect(follows(x, y) && follows(y, x)).toBe(false)
  })

})
