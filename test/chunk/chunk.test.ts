import {readFileSync, readdirSync} from 'node:fs'
import {Ajv2020} from 'ajv/dist/2020.js'
import {describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/run.js'
import {
  type Chunk,
  ChunkLine,
  OptionsError,
  charsTokenizer,
  chunkDocument,
  toJSONSchema,
  iterateChunks,
  loadTokenizer,
  parseDocument
} from '../../src/index.js'
import {makeBlock} from '../helpers/blocks.js'
import {EXAMPLE, readJsonFile, repoPath} from '../helpers/paths.js'
import {spanTexts as spanTextsOf, tableRows} from './helpers.js'

const example = parseDocument(readFileSync(repoPath(EXAMPLE), 'utf8'))
const slices = (chunk: Chunk) => chunk.spans.map((span) => chunk.text.slice(span.start, span.end))

describe('chunkDocument', () => {
  it('packs blocks by section, with the heading path before each chunk', async () => {
    const blocks = [
      makeBlock('heading', {text: 'Report', role: 'title'}),
      makeBlock('paragraph', {text: 'Intro *text*.'}),
      makeBlock('heading', {text: 'Costs', role: 'section'}),
      makeBlock('paragraph', {text: 'Costs fell. Margins rose.'}),
      makeBlock('heading', {text: 'Outlook', role: 'section'}),
      makeBlock('paragraph', {text: 'Calm.'})
    ]
    const chunks = await chunkDocument(blocks, {maxChars: 80})
    expect(chunks.map((c) => c.contextualText)).toEqual([
      '# Report\n\nIntro *text\\*.\n\n## Costs\n\nCosts fell. Margins rose.',
      '# Report\n\n## Outlook\n\nCalm.'
    ])
    expect(chunks[1]).toMatchObject({
      index: 1,
      text: '## Outlook\n\nCalm.',
      tokenCount: 27,
      headings: [{blockId: blocks[0]!.id, text: 'Report', depth: 1}],
      pages: [1],
      spans: [
        {blockId: blocks[4]!.id, page: 1, bbox: blocks[4]!.bbox, start: 0, end: 10},
        {blockId: blocks[5]!.id, page: 1, bbox: blocks[5]!.bbox, start: 12, end: 17}
      ],
      continued: false
    })
    expect(chunks[0]!.id).toMatch(/^[0-9a-f]{16}$/)
    // Without headings in the contextual text; with no boundaries, one chunk.
    expect((await chunkDocument(blocks, {maxChars: 80, headings: false}))[1]!.contextualText).toBe('## Outlook\n\nCalm.')
    expect(await chunkDocument(blocks, {maxChars: 500, boundary: 'none'})).toHaveLength(1)
    // A chunk smaller than mergeUnder takes in the next section.
    expect(await chunkDocument(blocks, {maxChars: 500, mergeUnder: 500})).toHaveLength(1)
  })

  it('gives exact offsets with repeated paragraphs and astral characters', async () => {
    const text = 'Same 😀 text 𝒳.'
    const blocks = [1, 2, 3].map(() => makeBlock('paragraph', {text}))
    const [chunk] = await chunkDocument(blocks, {maxTokens: 512})
    expect(chunk!.text).toBe(`${text}\n\n${text}\n\n${text}`)
    expect(chunk!.spans.map((s) => [s.blockId, s.start, s.end])).toEqual(
      blocks.map((b, i) => [b.id, i * (text.length + 2), i * (text.length + 2) + text.length])
    )
    expect(slices(chunk!)).toEqual([text, text, text])
  })

  it('splits an oversize table by rows, every part repeating the header row', async () => {
    const rows = Array.from({length: 40}, (_, i) => [`row ${i}`, `${i * 7}`, i % 2 ? 'yes' : 'no'])
    const table = makeBlock('table', {headers: ['Name', 'Value', 'Flag'], rows})
    const chunks = await chunkDocument([table], {maxTokens: 64})
    expect(chunks.length).toBeGreaterThan(3)
    const read = chunks.map((c) => tableRows(c.text))
    for (const [t] of read) expect(t![0]).toEqual(['Name', 'Value', 'Flag'])
    expect(read.flatMap(([t]) => t!.slice(1))).toEqual(rows)
    for (const c of chunks) expect(c).toMatchObject({continued: true, spans: [{blockId: table.id, start: 0, end: c.text.length}]})
  })

  it('splits a single oversize row by cells, and an oversize cell like text', async () => {
    const long = 'A sentence about revenue. '.repeat(30).trim()
    const table = makeBlock('table', {headers: ['k', 'note', 'other'], rows: [['a', long, 'z']]})
    const chunks = await chunkDocument([table], {maxTokens: 64})
    const cells = chunks.flatMap((c) => tableRows(c.text).flatMap((t) => t.slice(1).flat()))
    expect(cells.join(' ').replace(/\s+/g, ' ')).toBe(`a ${long} z`)
    for (const c of chunks) {
      expect(c.tokenCount).toBeLessThanOrEqual(64)
      // Each part is a table under the header cells of its columns.
      for (const t of tableRows(c.text)) expect(['k', 'note', 'other']).toEqual(expect.arrayContaining(t[0]!))
    }
  })

  it('splits an oversize paragraph at sentences, never inside an escape or a surrogate pair', async () => {
    const text = Array.from({length: 60}, (_, i) => `Sentence ${i} has *stars* and 😀.`).join(' ')
    const paragraph = makeBlock('paragraph', {text})
    const chunks = await chunkDocument([paragraph], {maxTokens: 40})
    for (const c of chunks) {
      expect(c.text).toMatch(/^Sentence \d+ has \*stars\\\* and 😀\.( Sentence \d+ has \*stars\\\* and 😀\.)*$/)
      expect(c.tokenCount).toBeLessThanOrEqual(40)
    }
    expect(chunks.map((c) => c.text.replaceAll('\\', '')).join(' ')).toBe(text)
    // Words, then characters, when a sentence alone is too long.
    const word = makeBlock('paragraph', {text: '😀'.repeat(300)})
    const parts = await chunkDocument([word], {maxChars: 50})
    expect(parts.map((c) => c.text).join('')).toBe('😀'.repeat(300))
    for (const c of parts) expect(charsTokenizer.count(c.text)).toBeLessThanOrEqual(50)
  })

  it('cuts a list at the lines its handler reads (CR and CRLF end a line too), so a part drops the same markers', async () => {
    const list = makeBlock('list', {text: `1. ${'first item words '.repeat(6)}!\r+ second item\r\n- ${'third item words '.repeat(6)}`})
    const whole = await chunkDocument([list], {maxChars: 10_000})
    expect(whole[0]!.text).toBe(`1. ${'first item words '.repeat(6).trim()} !\n2. second item\n3. ${'third item words '.repeat(6).trim()}`)
    // Cut into parts, each part renders its own lines: "+" stays a marker the handler removes.
    const parts = await chunkDocument([list], {maxChars: 120})
    expect(parts.length).toBeGreaterThan(1)
    expect(parts.map((chunk) => chunk.text).join('\n')).not.toContain('+')
  })

  it('cuts a very long word and a long run of sentences without losing a character', async () => {
    const word = 'aZ9+/😀'.repeat(15_000)
    const prose = Array.from({length: 6000}, (_, i) => `Sentence ${i} ends here.`).join(' ')
    const blocks = [makeBlock('paragraph', {text: word}), makeBlock('paragraph', {text: prose})]
    const chunks = await chunkDocument(blocks, {maxTokens: 256})
    const parts = spanTextsOf(chunks)
    expect(parts.get(blocks[0]!.id)!.join('').replaceAll('\\', '')).toBe(word)
    expect(parts.get(blocks[1]!.id)!.join(' ')).toBe(prose)
    for (const c of chunks) expect(c.tokenCount).toBeLessThanOrEqual(256)
  })

  it('shortens a heading path that alone exceeds the limit (deepest kept) and drops no content', async () => {
    const blocks = [
      makeBlock('heading', {text: 'Title '.repeat(40), role: 'title'}),
      makeBlock('heading', {text: 'Section', role: 'section'}),
      makeBlock('paragraph', {text: 'Body text. '.repeat(20)})
    ]
    const chunks = await chunkDocument(blocks, {maxTokens: 48})
    const last = chunks.at(-1)!
    expect(last.headings.map((h) => h.text)).toEqual(['Title '.repeat(40).trim(), 'Section'])
    expect(last.contextualText.startsWith('## Section\n\n')).toBe(true)
    for (const c of chunks) expect(c.tokenCount).toBeLessThanOrEqual(48)
    expect(
      chunks
        .map((c) => c.text)
        .join(' ')
        .replace(/[#\s]+/g, ' ')
    ).toContain('Title Title')
  })

  it('starts a chunk at each page with boundary "page", and filters with the presets', async () => {
    const pages = await chunkDocument(example, {maxTokens: 4096, boundary: 'page'})
    expect(pages.map((c) => c.pages)).toEqual(example.pages.filter((p) => p.blocks.length > 0).map((p) => [p.page]))
    const all = await chunkDocument(example, {maxTokens: 512})
    const trusted = await chunkDocument(example, {preset: 'trusted', maxTokens: 512})
    const inferred = example.pages.flatMap((p) => p.blocks).filter((b) => b.text_source === 'inferred')
    expect(inferred.length).toBeGreaterThan(0)
    const cited = (chunks: Chunk[]) => new Set(chunks.flatMap((c) => c.spans.map((s) => s.blockId)))
    for (const block of inferred) {
      expect(cited(all).has(block.id)).toBe(true)
      expect(cited(trusted).has(block.id)).toBe(false)
    }
    expect(cited(await chunkDocument(example, {maxTokens: 512, filter: {types: ['table']}}))).toEqual(
      new Set(
        example.pages
          .flatMap((p) => p.blocks)
          .filter((b) => b.type === 'table')
          .map((b) => b.id)
      )
    )
  })

  it('gives the chunks the README shows for the bundled example', async () => {
    const chunks = await chunkDocument(example, {preset: 'trusted', maxTokens: 512})
    expect(chunks).toHaveLength(5)
    expect(chunks[1]).toMatchObject({id: 'f94098e97de77650', index: 1, tokenCount: 224, pages: [1], continued: false})
    expect(chunks[1]!.spans.slice(0, 2)).toEqual([
      {blockId: 'blk_104', page: 1, bbox: [0.08, 0.26, 0.5, 0.28], start: 0, end: 16},
      {blockId: 'blk_105', page: 1, bbox: [0.08, 0.29, 0.92, 0.38], start: 18, end: 159}
    ])
  })

  describe('a field that alone cannot fit in a chunk is shortened or left out, with a warning, never an error', () => {
    const chunked = async (block: ReturnType<typeof makeBlock>, maxTokens = 64) => {
      const warnings: Array<{code: string; blockId: string}> = []
      const chunks = await chunkDocument([block], {maxTokens, onWarning: (warning) => warnings.push(warning)})
      for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(maxTokens)
      return {chunks, text: chunks.map((chunk) => chunk.text).join('\n\n'), warnings: warnings.map((w) => `${w.code} ${w.blockId}`)}
    }

    it('a code block whose language is 5,000 characters (it threw OptionsError blaming maxTokens)', async () => {
      const block = makeBlock('code', {text: 'print(1)\n'.repeat(40), language: 'x'.repeat(5000)})
      const {chunks, text, warnings} = await chunked(block)
      expect(chunks.length).toBeGreaterThan(1)
      expect(chunks[0]!.text).toMatch(/^```\nprint\(1\)\n/)
      expect(text.match(/print\(1\)/g)).toHaveLength(40)
      expect(warnings).toEqual([`chunk_language_dropped ${block.id}`])
    })

    it('an image whose URL alone is over the limit: its alt and caption as text', async () => {
      const block = makeBlock('image', {
        url: `https://example.com/${'a'.repeat(3000)}.png`,
        alt: 'Revenue by region',
        caption: 'Figure 2: Revenue.'
      })
      const {text, warnings} = await chunked(block)
      expect(text).toBe('Revenue by region\n\nFigure 2: Revenue.')
      expect(warnings).toEqual([`chunk_image_dropped ${block.id}`])
    })

    it('an image whose markdown is over the limit but whose URL is not: the image, then its text', async () => {
      const block = makeBlock('image', {url: 'https://example.com/a.png', alt: 'Revenue by region', caption: 'Words. '.repeat(60).trim()})
      const {chunks, text, warnings} = await chunked(block)
      expect(chunks.length).toBeGreaterThan(1)
      expect(text).toMatch(/^!\[\]\(https:\/\/example\.com\/a\.png\)\n\nRevenue by region\n\nWords\. Words\./)
      expect(warnings).toEqual([])
    })

    it('a heading of 5,000 characters, a table header cell of 5,000 characters, a list item of 5,000 characters', async () => {
      const word = 'Word '.repeat(1000).trim()
      for (const block of [
        makeBlock('heading', {text: word, role: 'section'}),
        makeBlock('table', {headers: [word, 'b'], rows: [['1', '2']]}),
        makeBlock('list', {text: `1. ${word}\n2. b`})
      ]) {
        const {text, warnings} = await chunked(block)
        expect(text.match(/Word/g)).toHaveLength(1000)
        expect(warnings).toEqual([])
      }
    })
  })

  it('reports what the renderer changed through onWarning', async () => {
    const formula = makeBlock('formula', {latex: '\\frac{'})
    const warnings: unknown[] = []
    const [chunk] = await chunkDocument([formula], {maxTokens: 64, onWarning: (w) => warnings.push(w)})
    expect(chunk!.text).toBe('```latex\n\\frac{\n```')
    expect(warnings).toMatchObject([{code: 'invalid_latex', blockId: formula.id}])
  })

  it('yields the same chunks one at a time', async () => {
    const chunks: Chunk[] = []
    for await (const chunk of iterateChunks(example, {maxTokens: 128, overlap: 16})) chunks.push(chunk)
    expect(chunks).toEqual(await chunkDocument(example, {maxTokens: 128, overlap: 16}))
    // Overlap: a chunk cut for size starts with the end of the previous one.
    const repeated = chunks.slice(1).filter((c, i) => c.spans[0]!.blockId === chunks[i]!.spans.at(-1)!.blockId)
    expect(repeated.length).toBeGreaterThan(0)
    for (const chunk of repeated) expect(chunk.continued).toBe(true)
  })

  it('refuses options that make no sense with an OptionsError', async () => {
    const cases: Array<[object, string]> = [
      [{}, 'maxTokens or maxChars: expected exactly one of them'],
      [{maxTokens: 10, maxChars: 10}, 'maxTokens or maxChars: expected exactly one of them'],
      [{maxTokens: 0}, 'maxTokens: expected an integer ≥ 1, got 0'],
      [{maxTokens: 1.5}, 'maxTokens: expected an integer ≥ 1, got 1.5'],
      [{maxTokens: 10, overlap: 10}, 'overlap: expected less than the limit (10), got 10'],
      [{maxTokens: 10, boundary: 'chapter'}, 'boundary: expected "section", "page" or "none", got "chapter"'],
      [
        {maxTokens: 10, tokenizer: 'gpt2'},
        'tokenizer: expected one of o200k_base, cl100k_base, chars or an object {name, count}, got "gpt2"'
      ],
      [{maxChars: 10, tokenizer: 'o200k_base'}, 'maxChars counts characters: use maxTokens with a tokenizer'],
      [{maxTokens: 10, tokenizer: {name: 'x'}}, 'tokenizer: expected a bundled name or an object {name: string, count(text): number}'],
      [{maxTokens: 10, filter: {minConfidence: 2}}, 'minConfidence: expected a number in [0, 1], got 2'],
      [{maxTokens: 1, tokenizer: 'chars'}, 'maxTokens: 1 is too small to hold "Q" (one character with its markup)']
    ]
    for (const [options, message] of cases) {
      const error = await chunkDocument(example, options as never).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(OptionsError)
      expect((error as Error).message).toBe(message)
    }
    await expect(chunkDocument('{}' as never, {maxTokens: 10})).rejects.toThrow(
      'input: expected a Document, a Job or a list of blocks (parse JSON text first)'
    )
    const broken = {name: 'broken', count: () => -1}
    await expect(chunkDocument(example, {maxTokens: 10, tokenizer: broken})).rejects.toThrow(
      'tokenizer broken: count() returned -1, expected an integer ≥ 0'
    )
  })
})

describe('tokenizers', () => {
  it('counts code points with chars and tokens with the bundled encodings', async () => {
    expect(charsTokenizer.count('a😀é')).toBe(3)
    expect((await loadTokenizer('o200k_base')).count('Hello, world')).toBe(3)
    expect((await loadTokenizer('cl100k_base')).count('Hello, world')).toBe(3)
    // Special-token strings in a document are text.
    expect((await loadTokenizer('o200k_base')).count('<|endoftext|>')).toBeGreaterThan(1)
  })

  it('loads gpt-tokenizer only with a dynamic import', () => {
    const dir = repoPath('src/chunk')
    for (const name of readdirSync(dir)) {
      const source = readFileSync(`${dir}/${name}`, 'utf8')
      expect(source).not.toMatch(/^import[^\n]*gpt-tokenizer/m)
    }
    expect(readFileSync(`${dir}/tokenizers.ts`, 'utf8')).toContain("await import('gpt-tokenizer/encoding/o200k_base')")
  })
})

/** Streams that collect what is written. */
function io(stdin = '') {
  const out: string[] = []
  const err: string[] = []
  const stream = (into: string[]) =>
    ({isTTY: false, write: (chunk: string) => (into.push(chunk), true)}) as unknown as NodeJS.WritableStream
  return {
    io: {stdin: Object.assign([Buffer.from(stdin)], {isTTY: false}) as never, stdout: stream(out), stderr: stream(err), env: {}},
    stdout: () => out.join(''),
    stderr: () => err.join('')
  }
}

describe('docmodel chunk', () => {
  const schema = new Ajv2020({strict: true}).compile(readJsonFile('schemas/chunk.schema.json') as object)

  it('writes JSON Lines that the chunk schema accepts', async () => {
    const run = io()
    expect(await runCli(['chunk', repoPath(EXAMPLE), '--max-tokens', '128', '--overlap', '16'], run.io)).toBe(0)
    const lines = run
      .stdout()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Chunk)
    expect(lines).toEqual(await chunkDocument(example, {maxTokens: 128, overlap: 16}))
    for (const line of lines) {
      expect(schema(line), JSON.stringify(schema.errors)).toBe(true)
      expect(ChunkLine.parse(line)).toEqual(line)
    }
    expect(toJSONSchema('chunk')).toEqual(readJsonFile('schemas/chunk.schema.json'))
  })

  it('reads stdin, counts characters with --max-chars and takes the filter flags', async () => {
    const run = io(readFileSync(repoPath(EXAMPLE), 'utf8'))
    expect(await runCli(['chunk', '-', '--max-chars', '400', '--preset', 'trusted', '--no-headings'], run.io)).toBe(0)
    const lines = run
      .stdout()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Chunk)
    expect(lines).toEqual(await chunkDocument(example, {maxChars: 400, preset: 'trusted', headings: false}))
    for (const line of lines) expect(line.tokenCount).toBe(charsTokenizer.count(line.contextualText))
  })

  it('exits 2 with one line on bad flags', async () => {
    const cases: Array<[string[], string]> = [
      [['chunk', repoPath(EXAMPLE)], 'docmodel: give --max-tokens or --max-chars (one of them)\n'],
      [['chunk', repoPath(EXAMPLE), '--max-tokens', 'ten'], 'docmodel: --max-tokens: expected a whole number ≥ 1, got "ten"\n'],
      [
        ['chunk', repoPath(EXAMPLE), '--max-tokens', '9', '--tokenizer', 'bert'],
        'docmodel: --tokenizer: expected one of o200k_base, cl100k_base, chars, got "bert"\n'
      ],
      [
        ['chunk', repoPath(EXAMPLE), '--max-tokens', '9', '--overlap', '9'],
        'docmodel: --overlap: expected less than the limit (9), got 9\n'
      ]
    ]
    for (const [argv, message] of cases) {
      const run = io()
      expect(await runCli(argv, run.io)).toBe(2)
      expect(run.stderr()).toBe(message)
    }
  })
})

describe('parts of a block are rendered as the block is', () => {
  it('a numbered heading cut into parts keeps its depth in every part (it fell back to its role: ##)', async () => {
    const heading = (text: string, role = 'section') => makeBlock('heading', {text, role})
    const blocks = [
      heading('Report', 'title'),
      heading('1 Introduction'),
      makeBlock('paragraph', {text: 'x'}),
      heading('2 Pricing'),
      heading('2.1 Pricing model for the enterprise customers of the company'),
      makeBlock('paragraph', {text: 'y'})
    ]
    const texts = (await chunkDocument(blocks, {maxTokens: 30, tokenizer: 'chars', headings: false})).map((chunk) => chunk.text)
    expect(texts).toEqual([
      '# Report\n\n## 1 Introduction\n\nx',
      '## 2 Pricing',
      '### 2.1 Pricing model',
      '### for the enterprise',
      '### customers of the',
      '### company\n\ny'
    ])
  })
})

describe('empty rows of a table without headers make no part', () => {
  // Empty rows render to nothing without headers (the first row is the header row, and has no
  // cells): a part of nothing was a unit of nothing, counted with a separator the text never had.
  it('a table cut into rows: the chunk counts its text exactly (property seed 834666583)', async () => {
    const cells = ['The . The . The 0.', 'The   _!       # x. Costs # x# x[$    # xword  |      . The # x.']
    const table = makeBlock('table', {headers: [], rows: [[], cells]})
    const options = {maxTokens: 48, tokenizer: 'o200k_base', boundary: 'section', headings: false, furniture: false, mergeUnder: 0} as const
    const o200k = await loadTokenizer('o200k_base')
    const chunks = await chunkDocument([table], options)
    // (The `[` needs no backslash: no `](` follows in the table.)
    const text = '| The . The . The 0. | The   _!       # x. Costs # x# x[$    # xword  \\|      . The # x. |\n| - | - |'
    expect(chunks.map((c) => [c.contextualText, c.tokenCount, c.spans.map((s) => [s.blockId, s.start, s.end])])).toEqual([
      [text, 43, [[table.id, 0, text.length]]]
    ])
    expect(o200k.count(text)).toBe(43)
  })

  it('an overlap from the end of such a table: none, rather than a span of nothing', async () => {
    const table = makeBlock('table', {headers: [], rows: [['alpha beta gamma delta'], []]})
    const paragraph = makeBlock('paragraph', {text: 'x'.repeat(50)})
    const chunks = await chunkDocument([table, paragraph], {maxTokens: 60, tokenizer: 'chars', overlap: 10})
    expect(chunks.map((c) => [c.text, c.tokenCount, c.spans.map((s) => [s.blockId, s.start, s.end])])).toEqual([
      ['| alpha beta gamma delta |\n| - |\n| |', 36, [[table.id, 0, 36]]],
      ['x'.repeat(50), 50, [[paragraph.id, 0, 50]]]
    ])
  })

  it('an overlap of blank rows alone: none, rather than an empty header row', async () => {
    const table = makeBlock('table', {headers: [], rows: [['alpha beta gamma delta'], ['', ' ']]})
    const paragraph = makeBlock('paragraph', {text: 'x'.repeat(50)})
    const chunks = await chunkDocument([table, paragraph], {maxTokens: 80, tokenizer: 'chars', overlap: 20})
    expect(chunks.map((c) => [c.text, c.tokenCount, c.spans.map((s) => [s.blockId, s.start, s.end])])).toEqual([
      ['| alpha beta gamma delta | |\n| - | - |\n| | |', 44, [[table.id, 0, 44]]],
      ['x'.repeat(50), 50, [[paragraph.id, 0, 50]]]
    ])
  })
})
