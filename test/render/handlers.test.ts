import {describe, expect, it} from 'vitest'
import {
  type Block,
  type RenderOptions,
  type RenderWarning,
  defaultHandlers,
  presets,
  render,
  renderMarkdown,
  toMdast
} from '../../src/index.js'
import {sectionNumber} from '../../src/render/numbering.js'
import {markdownSettings} from '../../src/render/stringify.js'
import {PNG_1x1, makeBlock} from '../helpers/blocks.js'

const md = (block: Block | Block[], options: RenderOptions = {}) => renderMarkdown(Array.isArray(block) ? block : [block], options)
const warningsOf = (block: Block, options: RenderOptions = {}) => render([block], options).warnings.map((w) => `${w.code}: ${w.message}`)

describe('heading', () => {
  it('takes its depth from the role', () => {
    const headings = ['title', 'subtitle', 'section', 'subsection', 'body', null].map((role) =>
      makeBlock('heading', {role, text: `A ${role}`})
    )
    expect(md(headings)).toBe('# A title\n\n## A subtitle\n\n## A section\n\n### A subsection\n\n## A body\n\n## A null\n')
  })
  it('honours headingLevels and keeps markup literal on one line', () => {
    expect(md(makeBlock('heading', {role: 'section', text: '# 1. *Intro*\n  to <b>'}), {headingLevels: {section: 4}})).toBe(
      '#### # 1. *Intro\\* to \\<b>\n'
    )
  })
  it('leaves out an empty heading', () => {
    expect(md(makeBlock('heading', {text: ' \n '}))).toBe('')
  })
  const numbered = (...texts: string[]) => texts.map((text, i) => makeBlock('heading', {role: i === 0 ? 'title' : 'section', text}))
  it('takes its depth from a consistent section numbering; a title stays #', () => {
    const headings = numbered('Report', '1 Introduction', '2 Prices', '2.1 Pricing model', '2.1.3 Discounts', '2.2 Taxes', '3. Outlook', 'Notes')
    expect(md(headings)).toBe(
      '# Report\n\n## 1 Introduction\n\n## 2 Prices\n\n### 2.1 Pricing model\n\n#### 2.1.3 Discounts\n\n### 2.2 Taxes\n\n## 3. Outlook\n\n## Notes\n'
    )
    expect(md(numbered('Paper', 'I. Method', 'II. Results', 'II.1 Speed', 'A. Proofs', 'A.1 Lemma', 'B. Data'))).toBe(
      '# Paper\n\n## I. Method\n\n## II. Results\n\n### II.1 Speed\n\n## A. Proofs\n\n### A.1 Lemma\n\n## B. Data\n'
    )
  })
  it('falls back to the role when the numbering runs backwards, stands alone, or is turned off', () => {
    expect(md(numbered('Doc', '2.1 Later', '1.3 Earlier'))).toBe('# Doc\n\n## 2.1 Later\n\n## 1.3 Earlier\n')
    expect(md(numbered('Doc', '3.5 Million users'))).toBe('# Doc\n\n## 3.5 Million users\n')
    expect(md(numbered('Doc', '1 One', '1.1 Sub'), {headingNumbering: false})).toBe('# Doc\n\n## 1 One\n\n## 1.1 Sub\n')
  })
  it('starts a series afresh at a top-level 1 (parts that number their chapters anew)', () => {
    expect(md(numbered('Doc', '1 Intro', '1.1 Scope', '2 Body', '1 Part two', '1.1 More'))).toBe(
      '# Doc\n\n## 1 Intro\n\n### 1.1 Scope\n\n## 2 Body\n\n## 1 Part two\n\n### 1.1 More\n'
    )
  })
  it('says when it drops the numbering (heading_numbering_inconsistent)', () => {
    // A numbered list read as headings: `2 Next chapter` cannot follow `2. Buy eggs`.
    const headings = numbered('Doc', '1 Intro', '1.2 Shopping', '1. Buy milk', '2. Buy eggs', '2 Next chapter')
    const {markdown, warnings} = render(headings)
    expect(markdown).toBe('# Doc\n\n## 1 Intro\n\n## 1.2 Shopping\n\n## 1. Buy milk\n\n## 2. Buy eggs\n\n## 2 Next chapter\n')
    expect(warnings).toEqual([
      {
        code: 'heading_numbering_inconsistent',
        blockId: headings[5]!.id,
        message: 'heading depth from section numbers dropped: "2 Next chapter" does not follow "2. Buy eggs"; every heading takes its role\'s depth'
      }
    ])
    expect(render(numbered('Doc', '1 Intro', '1.1 Scope')).warnings).toEqual([])
    expect(render(numbered('Doc', '2.1 Later', '1.3 Earlier'), {headingNumbering: false}).warnings).toEqual([])
  })
  it('reads no section number in a year, a date, a quantity in a sentence, an article or a pronoun', () => {
    for (const text of ['2024 Results', '12.03.2024 Minutes', '10.5 million users reached', '3 ways to save', 'A Survey', 'I Was There'])
      expect(sectionNumber(text), text).toBeUndefined()
    expect(sectionNumber('10.5 Million users')).toEqual({scheme: 'decimal', parts: [10, 5]})
    expect(sectionNumber('2 Étude')).toEqual({scheme: 'decimal', parts: [2]})
    expect(sectionNumber('3 概要')).toEqual({scheme: 'decimal', parts: [3]})
    // Read as numbers, each would change a depth: `2024` would break the series (2.1 back to ##),
    // `12.03.2024` and `10.5` would be ####, ### under 1.1.
    expect(md(numbered('Doc', '1 Intro', '2024 Results', '2 Method', '2.1 Data'))).toBe(
      '# Doc\n\n## 1 Intro\n\n## 2024 Results\n\n## 2 Method\n\n### 2.1 Data\n'
    )
    expect(md(numbered('Doc', '1 Intro', '1.1 Scope', '12.03.2024 Minutes', '10.5 million users reached'))).toBe(
      '# Doc\n\n## 1 Intro\n\n### 1.1 Scope\n\n## 12.03.2024 Minutes\n\n## 10.5 million users reached\n'
    )
  })
})

describe('text blocks', () => {
  it('paragraph: blank lines separate paragraphs, soft breaks stay, markup is escaped', () => {
    expect(md(makeBlock('paragraph', {text: '# not a heading\nsee [x](javascript:y) `code`  \n\n\n  *second*   <script>'}))).toBe(
      '\\# not a heading\nsee \\[x](javascript:y) \\`code`\n\n*second\\*   \\<script>\n'
    )
  })
  it('caption: emphasised', () => {
    expect(md(makeBlock('caption', {text: 'Figure 1: *bold* claim'}))).toBe('*Figure 1: \\*bold\\* claim*\n')
  })
  it('footnote: a plain paragraph', () => {
    expect(md(makeBlock('footnote', {text: '1 See $x$ and [^1].'}))).toBe('1 See \\$x$ and [^1].\n')
  })
  it('callout: a block quote', () => {
    expect(md(makeBlock('callout', {text: 'Note: > not nested\n\nSecond'}))).toBe('> Note: > not nested\n>\n> Second\n')
  })
  it('page header and footer: left out unless furniture is on', () => {
    const blocks = [
      makeBlock('page_header', {text: 'Header'}),
      makeBlock('paragraph', {text: 'Body'}),
      makeBlock('page_footer', {text: 'Page 1'})
    ]
    expect(md(blocks)).toBe('Body\n')
    expect(md(blocks, {furniture: true})).toBe('Header\n\nBody\n\nPage 1\n')
  })
  it('replaces NUL as CommonMark readers do', () => {
    expect(md(makeBlock('paragraph', {text: 'a\0b'}))).toBe('a\uFFFDb\n')
  })
})

describe('code', () => {
  it('is fenced with its language, verbatim', () => {
    expect(md(makeBlock('code', {language: 'python', text: 'x = "*a*"  # <b>\n\n'}))).toBe('```python\nx = "*a*"  # <b>\n```\n')
  })
  it('grows the fence past backtick runs in the code', () => {
    expect(md(makeBlock('code', {text: 'a\n```\nb'}))).toBe('````\na\n```\nb\n````\n')
  })
  it('keeps only the first word of the language', () => {
    expect(md(makeBlock('code', {language: 'js {1,2}', text: 'x'}))).toBe('```js\nx\n```\n')
  })
})

describe('list', () => {
  it('removes bullets, nests by indentation', () => {
    expect(md(makeBlock('list', {text: '• one\n  – nested\n* two\n-three'}))).toBe('- one\n  - nested\n- two\n- -three\n')
  })
  it('is ordered when numbered, starting at the first number', () => {
    expect(md(makeBlock('list', {text: '3) three\n4) four'}))).toBe('3. three\n4. four\n')
    expect(md(makeBlock('list', {text: 'a) alpha\nb) beta\n   1. inner'}))).toBe('1. alpha\n2. beta\n   1. inner\n')
  })
  it('nests at most 16 levels deep; deeper items join the deepest list, text kept', () => {
    const text = Array.from({length: 5000}, (_, i) => `${' '.repeat(i)}- item ${i}`).join('\n')
    const markdown = md(makeBlock('list', {text}))
    const lines = markdown.trimEnd().split('\n')
    expect(lines).toHaveLength(5000)
    expect(lines[15]).toBe(`${'  '.repeat(15)}- item 15`)
    expect(lines[4999]).toBe(`${'  '.repeat(15)}- item 4999`)
  })
  it('skips marker-only lines, which carry no text', () => {
    expect(md(makeBlock('list', {text: '- one\n-\n  - \n- two'}))).toBe('- one\n- two\n')
    expect(md(makeBlock('list', {text: '- \n  * '}))).toBe('')
  })
  it('says so when a list of markers alone is left out (not when it was blank)', () => {
    expect(md(makeBlock('list', {text: '1.\n2.'}))).toBe('')
    expect(warningsOf(makeBlock('list', {text: '1.\n2.'}))).toEqual(['list_markers_only: the list holds item markers and no item text ("1.\\n2."); left out'])
    expect(warningsOf(makeBlock('list', {text: '- one\n-'}))).toEqual([])
    expect(warningsOf(makeBlock('list', {text: ' \n\t'}))).toEqual([])
  })
  it('escapes what would make a task item or a new marker', () => {
    expect(md(makeBlock('list', {text: '- [ ] not a task\n- 1. still text'}))).toBe('- \\[ ] not a task\n- 1\\. still text\n')
  })
})

describe('table', () => {
  it('is a GFM table with escaped pipes and single-line cells', () => {
    expect(
      md(
        makeBlock('table', {
          headers: ['A', 'B|C'],
          rows: [
            ['1', 'x\ny'],
            ['2', '']
          ]
        })
      )
    ).toBe('| A | B\\|C |\n| - | - |\n| 1 | x y |\n| 2 | |\n')
  })
  it('reads the first row as the header row when there are no headers (or only blank ones)', () => {
    expect(
      md(
        makeBlock('table', {
          headers: [],
          rows: [
            ['Name', 'Age'],
            ['Ann', '41']
          ]
        })
      )
    ).toBe('| Name | Age |\n| - | - |\n| Ann | 41 |\n')
    expect(
      md(
        makeBlock('table', {
          headers: ['', ' \n'],
          rows: [
            ['Name', 'Age'],
            ['Ann', '41']
          ]
        })
      )
    ).toBe('| Name | Age |\n| - | - |\n| Ann | 41 |\n')
    expect(md(makeBlock('table', {headers: [], rows: [['only']]}))).toBe('| only |\n| - |\n')
  })
  it('does not pad ragged rows: the header row alone is widened to the widest row', () => {
    expect(md(makeBlock('table', {headers: [], rows: [['a'], ['b', 'c', 'd']]}))).toBe('| a | | |\n| - | - | - |\n| b | c | d |\n')
    expect(md(makeBlock('table', {headers: ['h'], rows: [['a'], [], ['b', 'c']]}))).toBe('| h | |\n| - | - |\n| a |\n| |\n| b | c |\n')
  })
  it('leaves out a table with no cells', () => {
    expect(md(makeBlock('table', {headers: [], rows: []}))).toBe('')
  })
  it('without headers, leaves out the empty rows before the first row with text (no empty header row)', () => {
    expect(md(makeBlock('table', {headers: [], rows: [[], ['a', 'b']]}))).toBe('| a | b |\n| - | - |\n')
    expect(md(makeBlock('table', {headers: ['', ' \n'], rows: [['', ' '], [], ['\t'], ['a'], ['', 'b'], []]}))).toBe(
      '| a | |\n| - | - |\n| | b |\n| |\n'
    )
    // Headers with text keep their place: the empty rows under them are body rows.
    expect(md(makeBlock('table', {headers: ['h'], rows: [[], ['a']]}))).toBe('| h |\n| - |\n| |\n| a |\n')
  })
  it('writes a table without text as before: its first row the header row, blank cells keeping its shape', () => {
    expect(md(makeBlock('table', {headers: [], rows: [['', ' '], [], ['']]}))).toBe('| | |\n| - | - |\n| |\n| |\n')
    expect(md(makeBlock('table', {headers: [' ', ''], rows: []}))).toBe('| | |\n| - | - |\n')
    expect(md(makeBlock('table', {headers: [], rows: [[], []]}))).toBe('')
  })
})

describe('a figure’s caption, written once', () => {
  const figure = (image: Parameters<typeof makeBlock<'image'>>[1], caption: string) => [
    makeBlock('image', image),
    makeBlock('caption', {text: caption})
  ]
  it('leaves the caption to the caption block when both say the same (case, width and spacing aside)', () => {
    const blocks = figure({image_b64: PNG_1x1, caption: 'figure 2:  REVENUE by ｒegion', embedded_text: 'Figure 2: Revenue by region'}, 'Figure 2: Revenue by region')
    expect(md(blocks)).toBe('*Image*\n\n*Figure 2: Revenue by region*\n')
    expect(md(blocks, {embeddedText: true})).toBe('*Image*\n\n*Figure 2: Revenue by region*\n')
  })
  it('keeps what the image says beyond it: its own alt, the rest of a longer caption, the rest of the embedded text', () => {
    const blocks = figure(
      {image_b64: PNG_1x1, alt: 'Bar chart', caption: 'Fig. 3. Grid; E - explanation on cell encoding, and more', embedded_text: 'Fig. 3. Grid; E - explanation on cell encoding Patents 8%'},
      'Fig. 3. Grid; E - explanation on cell e'
    )
    expect(md(blocks, {embeddedText: true})).toBe(
      // The caption block is the one cut short: `encoding` is the image's word, kept.
      '*Image: Bar chart — …encoding, and more*\n\nText in image: encoding Patents 8%\n\n*Fig. 3. Grid; E - explanation on cell e*\n'
    )
  })
  it('drops a cut-short image caption whole; a caption block before the image counts too', () => {
    const image = makeBlock('image', {url: 'https://example.com/a.png', alt: 'Fig. 1. Sales by regi', reading_order_index: 2})
    const caption = makeBlock('caption', {text: 'Fig. 1. Sales by region and month', reading_order_index: 1})
    expect(md([caption, image])).toBe('*Fig. 1. Sales by region and month*\n\n![](https://example.com/a.png)\n')
  })
  it('writes both when they say different things, or when the caption is not next to the image', () => {
    expect(md(figure({image_b64: PNG_1x1, caption: 'Our logo'}, 'Figure 1: Revenue'))).toBe('*Image: Our logo*\n\n*Figure 1: Revenue*\n')
    const image = makeBlock('image', {image_b64: PNG_1x1, caption: 'Figure 1: Revenue', reading_order_index: 1})
    const caption = makeBlock('caption', {text: 'Figure 1: Revenue', reading_order_index: 3})
    expect(md([image, makeBlock('paragraph', {text: 'Between.', reading_order_index: 2}), caption])).toBe(
      '*Image: Figure 1: Revenue*\n\nBetween.\n\n*Figure 1: Revenue*\n'
    )
  })
  it('keeps both blocks in the source map: the image’s entry is its placeholder, the caption’s entry the caption', () => {
    const blocks = figure({image_b64: PNG_1x1, caption: 'Figure 2: Revenue'}, 'Figure 2: Revenue')
    const {markdown, sourceMap} = render(blocks, {sourceMap: true})
    expect(sourceMap!.entries.map((entry) => [entry.blockId, markdown.slice(entry.start, entry.end)])).toEqual([
      [blocks[0]!.id, '*Image*'],
      [blocks[1]!.id, '*Figure 2: Revenue*']
    ])
  })
})

describe('image', () => {
  it('links web URLs with alt and caption', () => {
    expect(md(makeBlock('image', {url: 'https://example.com/a b.png', alt: 'A [chart]', caption: 'Sales "Q3"'}))).toBe(
      '![A \\[chart\\]](<https://example.com/a b.png> "Sales \\"Q3\\"")\n'
    )
  })
  it('shows a base64 image as a placeholder by default; its embedded text only when asked for', () => {
    const block = makeBlock('image', {image_b64: PNG_1x1, alt: 'Logo', caption: 'Our *logo*', embedded_text: 'ACME'})
    expect(md(block)).toBe('*Image: Logo — Our \\*logo\\**\n')
    expect(md(block, {embeddedText: true})).toBe('*Image: Logo — Our \\*logo\\**\n\nText in image: ACME\n')
    expect(md(makeBlock('image', {image_b64: PNG_1x1, embedded_text: 'ACME'}), {embeddedText: false})).toBe('*Image*\n')
  })
  it('embeds a data: URI with the sniffed MIME type, or omits', () => {
    const block = makeBlock('image', {image_b64: PNG_1x1, alt: 'Logo'})
    expect(md(block, {images: 'embed'})).toBe(`![Logo](data:image/png;base64,${PNG_1x1})\n`)
    expect(md(block, {images: 'omit'})).toBe('')
  })
  it('never embeds bytes that are not a known raster image (an SVG can carry script)', () => {
    const svg = makeBlock('image', {image_b64: btoa('<svg onload="alert(1)"/>'), alt: 'Vector'})
    expect(md(svg, {images: 'embed'})).toBe('*Image: Vector*\n')
    expect(warningsOf(svg, {images: 'embed'})).toEqual([
      'image_not_embedded: image bytes are not a recognised raster format (PNG, JPEG, GIF, WebP, BMP, TIFF); shown as a placeholder'
    ])
  })
  it('maps images through resolveImage, refusing unsafe results', () => {
    const block = makeBlock('image', {image_b64: PNG_1x1, alt: 'Logo'})
    expect(md(block, {resolveImage: (b) => `assets/${b.id}.png`})).toBe(`![Logo](assets/${block.id}.png)\n`)
    expect(md(block, {resolveImage: () => 'javascript:alert(1)'})).toBe('*Image: Logo*\n')
    expect(md(block, {resolveImage: () => undefined})).toBe('*Image: Logo*\n')
  })
  it('never links a URL that is not http(s)', () => {
    const block = makeBlock('image', {url: 'javascript:alert(1)', alt: 'x'})
    expect(md(block)).toBe('*Image: x*\n')
    expect(warningsOf(block)).toEqual(['unsafe_image_url: image URL is not http(s) and is not linked: "javascript:alert(1)"'])
  })
})

describe('diagram', () => {
  it('is a mermaid flowchart with safe ids and escaped labels', () => {
    const block = makeBlock('diagram', {
      nodes: [
        {id: 'a b', label: 'Start "here"'},
        {id: 'x', label: 'A|B <c>\n#1'}
      ],
      edges: [
        {from: 'a b', to: 'x', label: 'go'},
        {from: 'x', to: 'ghost'}
      ]
    })
    expect(md(block)).toBe(
      '```mermaid\nflowchart TD\n  n0["Start #34;here#34;"]\n  n1["A#124;B #60;c#62; #35;1"]\n  n0 -->|"go"| n1\n  n2["ghost"]\n  n1 --> n2\n```\n'
    )
  })
  it('adds its image by URL, and no placeholder for base64', () => {
    expect(md(makeBlock('diagram', {nodes: [{id: 'a'}], edges: [], image_url: 'https://x.org/d.png'}))).toBe(
      '```mermaid\nflowchart TD\n  n0["a"]\n```\n\n![Diagram](https://x.org/d.png)\n'
    )
    expect(md(makeBlock('diagram', {nodes: [], edges: [], image_b64: PNG_1x1}))).toBe('')
  })
})

describe('chart', () => {
  it('prints the title, then categories × series with nulls as empty cells', () => {
    const block = makeBlock('chart', {
      chart_type: 'bar',
      title: 'Sales',
      categories: ['Q1', 'Q2'],
      series: [
        {name: 'EU', values: [1.5, null]},
        {name: 'US', values: [-0, 1e21]}
      ]
    })
    expect(md(block)).toBe('**Sales**\n\n| | EU | US |\n| - | - | - |\n| Q1 | 1.5 | 0 |\n| Q2 | | 1e+21 |\n')
  })
  it('prefers data_table, its first row the header', () => {
    const block = makeBlock('chart', {
      chart_type: 'pie',
      categories: [],
      series: [],
      data_table: [
        ['Part', 'Share'],
        ['A', 0.25],
        [null, 3]
      ]
    })
    expect(md(block)).toBe('| Part | Share |\n| - | - |\n| A | 0.25 |\n| | 3 |\n')
  })
})

describe('formula', () => {
  it('is display math when KaTeX accepts it', () => {
    expect(md(makeBlock('formula', {latex: ' E = mc^2 '}))).toBe('```math\nE = mc^2\n```\n')
  })
  it('falls back to a latex code block with a warning', () => {
    const block = makeBlock('formula', {latex: '\\frac{1}{'})
    expect(md(block)).toBe('```latex\n\\frac{1}{\n```\n')
    expect(warningsOf(block)).toHaveLength(1)
    expect(warningsOf(block)[0]).toMatch(/^invalid_latex: LaTeX rejected by KaTeX \(KaTeX parse error: .*\); shown as a code block$/)
  })
  it('rejects untrusted commands and runaway macros', () => {
    const problems = ['\\href{javascript:alert(1)}{x}', '\\def\\a{\\a\\a}\\a', 'x'.repeat(20_001)].map(
      (latex) => warningsOf(makeBlock('formula', {latex}))[0]
    )
    expect(problems[0]).toBe('invalid_latex: LaTeX rejected by KaTeX (uses \\href, which is not allowed); shown as a code block')
    expect(problems[1]).toMatch(/^invalid_latex: LaTeX rejected by KaTeX \(KaTeX parse error: Too many expansions/)
    expect(problems[2]).toBe('invalid_latex: LaTeX rejected by KaTeX (longer than 20000 characters); shown as a code block')
  })
  it('keeps dollar signs in the LaTeX from closing the math block', () => {
    expect(md(makeBlock('formula', {latex: 'a \\$\\$ b'}))).toBe('```math\na \\$\\$ b\n```\n')
    expect(md(makeBlock('formula', {latex: 'a\n$$\nb'}))).toBe('```latex\na\n$$\nb\n```\n')
  })
})

describe('unknown block types', () => {
  const common = makeBlock('paragraph', {text: ''})
  it('render their text as a paragraph', () => {
    expect(md({...common, type: 'signature', text: 'J. *Doe*'} as unknown as Block)).toBe('J. *Doe\\*\n')
  })
  it('are left out with a warning when they have no text', () => {
    const block = {...common, type: 'widget', text: undefined} as unknown as Block
    expect(md(block)).toBe('')
    expect(warningsOf(block)).toEqual(['unknown_block_omitted: block type "widget" is unknown and has no text; left out'])
  })
})

describe('options', () => {
  const pages = [
    makeBlock('paragraph', {text: 'One'}),
    makeBlock('paragraph', {text: 'Two', page: 2}),
    makeBlock('page_header', {text: 'H', page: 3})
  ]
  it('separates pages with a rule or a comment', () => {
    expect(md(pages)).toBe('One\n\nTwo\n')
    expect(md(pages, {pageBreaks: 'rule'})).toBe('One\n\n---\n\nTwo\n')
    expect(md(pages, {pageBreaks: 'comment'})).toBe('<!-- page 1 -->\n\nOne\n\n<!-- page 2 -->\n\nTwo\n\n<!-- page 3 -->\n')
  })
  it('filters by confidence, text source and preset before rendering', () => {
    const blocks = [
      makeBlock('paragraph', {text: 'sure'}),
      makeBlock('paragraph', {text: 'guess', text_source: 'inferred', verified: false, confidence: 0.5}),
      makeBlock('paragraph', {text: 'fair', confidence: 0.85})
    ]
    expect(md(blocks, {minConfidence: 0.8})).toBe('sure\n\nfair\n')
    expect(md(blocks, {textSource: 'inferred'})).toBe('guess\n')
    expect(md(blocks, {preset: 'trusted'})).toBe('sure\n')
  })
  it('lets a handler be overridden for one call only', () => {
    const block = makeBlock('heading', {text: 'Hi'})
    expect(md(block, {handlers: {heading: (b) => [{type: 'paragraph', children: [{type: 'text', value: `[${b.text}]`}]}]}})).toBe(
      '[Hi]\n'
    )
    expect(md(block)).toBe('## Hi\n')
    expect(Object.keys(defaultHandlers)).toHaveLength(15)
  })
  it('writes phrasing content a handler returns at the top level as a paragraph of its own, still literal', () => {
    const blocks = [makeBlock('paragraph', {text: 'x'}), makeBlock('paragraph', {text: 'y *z*'})]
    expect(md(blocks, {handlers: {paragraph: (b) => [{type: 'text', value: b.text}]}})).toBe('x\n\ny *z\\*\n')
  })
  it('rejects unknown option values', () => {
    expect(() => md(pages, {pageBreaks: 'page' as 'rule'})).toThrow('pageBreaks: expected "none", "rule" or "comment", got "page"')
    expect(() => md(pages, {images: 'inline' as 'embed'})).toThrow('images: expected "placeholder", "embed" or "omit", got "inline"')
    expect(() => md(pages, {preset: 'safe' as 'trusted'})).toThrow('preset: expected one of trusted, textOnly, verifiedOnly, got "safe"')
  })
  it('names the block of each warning, several on one page', () => {
    const blocks = [
      makeBlock('formula', {id: 'f1', latex: '\\frac{'}),
      makeBlock('paragraph', {id: 'p1', text: 'fine'}),
      makeBlock('image', {id: 'i1', url: 'ftp://x/y.png'}),
      makeBlock('formula', {id: 'f2', latex: '\\href{http://x}{y}'})
    ]
    expect(render(blocks).warnings.map((warning) => `${warning.blockId} ${warning.code}`)).toEqual([
      'f1 invalid_latex',
      'i1 unsafe_image_url',
      'f2 invalid_latex'
    ])
  })
  it('tags every top-level node with its block id', () => {
    const tree = toMdast(pages, {furniture: true})
    expect(tree.children.map((node) => node.data?.blockId)).toEqual(pages.map((b) => b.id))
  })
})

describe('public defaults', () => {
  it('cannot be changed from outside: defaultHandlers, presets, markdownSettings are frozen', () => {
    expect(() => Object.assign(defaultHandlers, {heading: () => []})).toThrow(TypeError)
    expect(() => Object.assign(presets.trusted, {minConfidence: 0})).toThrow(TypeError)
    expect(() => (presets.trusted.textSource as unknown as string[]).push('inferred')).toThrow(TypeError)
    expect(() => Object.assign(markdownSettings, {bullet: '*'})).toThrow(TypeError)
    expect(md(makeBlock('heading', {text: 'x'}))).toBe('## x\n')
  })

  it('toMdast reports the handlers’ warnings to a sink, as render returns them', () => {
    const block = makeBlock('formula', {latex: '\\frac{'})
    const warnings: RenderWarning[] = []
    toMdast([block], {}, warnings)
    expect(warnings).toEqual(render([block]).warnings)
    expect(warnings.map((warning) => warning.code)).toEqual(['invalid_latex'])
  })
})
