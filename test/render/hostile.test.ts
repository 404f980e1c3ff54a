import {describe, expect, it} from 'vitest'
import {render} from '../../src/index.js'
import {escapeDestination, escapeText, escapeTitle} from '../../src/render/escape.js'
import {code} from '../../src/render/handlers/code.js'
import {mermaidLabel} from '../../src/render/handlers/diagram.js'
import {phrasingText, singleLine, textParagraphs} from '../../src/render/text.js'
import {makeBlock} from '../helpers/blocks.js'
import {doc} from '../helpers/render-checks.js'

const N = 1_000_000
/** Long runs of what the text functions look around: spaces, tabs, line endings, backslashes, `#`, digits, `&`. */
const hostile: Record<string, string> = {
  spaces: ' '.repeat(N) + 'x',
  'spaces then a line ending': ' '.repeat(N) + '\n',
  'tabs and spaces': ' \t'.repeat(N / 2) + 'x',
  'line feeds': '\n'.repeat(N) + 'x',
  'carriage returns': '\r'.repeat(N) + 'x',
  'spaces and line feeds': ' \n'.repeat(N / 2) + 'x',
  'blank lines with spaces': '\n  '.repeat(N / 3),
  backslashes: '\\'.repeat(N),
  'backslashes and line feeds': '\\\n'.repeat(N / 2),
  hashes: '#'.repeat(N) + 'x',
  'hashes at the end': 'x ' + '#'.repeat(N),
  digits: '1'.repeat(N) + '.',
  ampersand: '&' + 'a'.repeat(N),
  ampersands: '&a'.repeat(N / 2),
  'www.': 'www.'.repeat(N / 4),
  underscores: '_'.repeat(N),
  '<': '<a'.repeat(N / 2),
  brackets: '['.repeat(N) + '](x)',
  'brackets closed': '[a]'.repeat(N / 3),
  stars: '*a '.repeat(N / 3),
  'underscores in words': ' _a_b'.repeat(N / 5),
  dollars: '$ $$ '.repeat(N / 5),
  backticks: '`'.repeat(N / 2) + ' ' + '`'.repeat(N / 2 - 1),
  'http://': 'http://'.repeat(N / 7),
  'www. and escapes': 'www.x.y*'.repeat(N / 8),
  // Each literal's domain ends where the next one's backslash is: dropped ones would chain.
  'www. chained to an escape': 'www.e.c__'.repeat(N / 9) + 'www.e.c<b>',
  'xmpp:': '[xmpp:a@b.co '.repeat(N / 13),
  '< and addresses': '<a.b'.repeat(N / 4)
}

// No timing is asserted: each call must simply finish (vitest's timeout catches a hang), which a
// quadratic regular expression does not on a million characters.
describe('every text function is linear on 10^6-character hostile input', () => {
  // Each function on the shapes its loops and expressions look around (the ones that were
  // quadratic as regular expressions: spaces before no line ending, line feeds before no end).
  const cases: Array<[string, (text: string) => unknown, string[]]> = [
    ['phrasingText', phrasingText, ['spaces', 'tabs and spaces', 'spaces and line feeds']],
    ['singleLine', singleLine, ['spaces', 'line feeds', 'carriage returns']],
    ['textParagraphs', textParagraphs, ['blank lines with spaces', 'spaces then a line ending']],
    [
      'escapeText',
      escapeText,
      [
        'backslashes',
        'backslashes and line feeds',
        'digits',
        'ampersands',
        'ampersand',
        'www.',
        'underscores',
        '<',
        'brackets',
        'brackets closed',
        'stars',
        'underscores in words',
        'dollars',
        'backticks',
        'http://',
        'www. and escapes',
        'www. chained to an escape',
        'xmpp:',
        '< and addresses'
      ]
    ],
    ['escapeText in a heading', (text) => escapeText(text, {lineStart: false, heading: true}), ['hashes', 'hashes at the end']],
    ['escapeText in a table cell', (text) => escapeText(text, {lineStart: false, cell: true}), ['stars', 'dollars', 'brackets']],
    ['escapeTitle', escapeTitle, ['backslashes', 'ampersand']],
    ['escapeDestination', escapeDestination, ['spaces', 'line feeds']],
    ['mermaidLabel', mermaidLabel, ['spaces and line feeds']],
    [
      'the code handler',
      (text) => code(makeBlock('code', {text, language: text}), {options: {} as never, warn: () => {}}),
      ['line feeds', 'spaces']
    ]
  ]
  // One test per shape: a quadratic one fails (after vitest's timeout) under its own name.
  for (const [name, fn, shapes] of cases)
    describe(name, () => {
      for (const shape of shapes)
        it(shape, () => {
          fn(hostile[shape]!)
        })
    })

  it('render, with the hostile text in every text field', () => {
    const text = hostile['spaces and line feeds']!
    const {markdown} = render(
      doc([
        {type: 'paragraph', text},
        {type: 'heading', text},
        {type: 'list', text},
        {type: 'table', headers: [text], rows: [[text]]},
        {type: 'image', url: 'https://x.y/a.png', alt: text, caption: text, embedded_text: text},
        {type: 'formula', latex: text},
        {type: 'diagram', nodes: [{id: text, label: text}], edges: []}
      ]),
      {furniture: true}
    )
    expect(markdown.length).toBeGreaterThan(0)
  })
})

describe('escapeText', () => {
  it.each([
    ['# x', '\\# x'],
    ['-   \n- ', '\\-  &#x20;\n\\- '],
    // A continuation line's list marker interrupts a paragraph only as `1.`/`1)`.
    ['12. a\n3) b\n1) c\n2024 was', '12\\. a\n3) b\n1\\) c\n2024 was'],
    ['2020.1.1. x [8] Smith\n-"C" cell', '2020.1.1. x [8] Smith\n-"C" cell'],
    // A task box only opens a list item; a definition cannot interrupt a paragraph.
    ['[a]: b\n[ ] c\n-\n___\n#x\n## y', '\\[a]: b\n[ ] c\n\\-\n\\___\n#x\n\\## y'],
    [' x \ny', '&#x20;x&#x20;\ny'],
    ['a_b _c d_', 'a_b _c d\\_'],
    ['&amp; &#35; & x &x', '\\&amp; \\&#35; & x &x'],
    ['www.<img src=x>', 'www\\.\\<img src=x>'],
    ['HTTPS://x and http:y', 'HTTPS://x and http:y'],
    ['a@b.co @user', 'a@b.co @user'],
    // Each pair needs one backslash: the line start's, then the opener's (code spans, math) or the closer's (emphasis, strikethrough).
    ['*a* `b` [c] <d> $e$ ~f~ |g| \\', '*a\\* \\`b` [c] \\<d> \\$e$ ~f\\~ |g| \\'],
    ['x [a](b) [c] ![d](e) [f [g](h)', 'x \\[a](b) [c] !\\[d](e) \\[f \\[g](h)'],
    ['x *a* _b_ a*b*c 2 * 3 snake_case_name', 'x *a\\* _b\\_ a\\*b\\*c 2 * 3 snake_case_name'],
    ['x $5 and $6', 'x \\$5 and $6'],
    ['x $5 and $$6', 'x $5 and $$6'],
    ['x \\ a\\b c\\*', 'x \\ a\\b c\\\\*'],
    // A comment, an instruction and CDATA need their closers later in the text.
    ['x 3 < 4 <b> </i> <!-- <? <a@b.co>', 'x 3 < 4 \\<b> \\</i> <!-- <? \\<a@b.co>'],
    ['x <!-- a --> <? b ?> <![CDATA[ c ]]> <![x]>', 'x \\<!-- a --> \\<? b ?> \\<![CDATA[ c ]]> <![x]>'],
    ['x www.a.b https://a.b/c_(d). e@f.gh', 'x www.a.b https://a.b/c_(d). e@f.gh'],
    ['x www.a.b<img> https://a.b/*c*', 'x www\\.a.b\\<img> https\\://a.b/*c\\*'],
    ['xmpp:a@b.co [xmpp:a@b.co', 'xmpp:a@b.co \\[xmpp:a@b.co'],
    // A delimiter row of two cells under a line of one is no table's.
    ['> q\n= x\n+ y\n: z\n=\n:-|-', '\\> q\n= x\n\\+ y\n: z\n\\=\n:-|-'],
    ['a|b\n:-|-', 'a|b\n\\:-|-'],
    ['(a) "b" !c', '(a) "b" !c']
  ])('%j → %j', (text, expected) => expect(escapeText(text)).toBe(expected))

  it('escapes `]` only in a link’s text, a trailing `#` run only in a heading', () => {
    expect(escapeText('a]b')).toBe('a]b')
    expect(escapeText('a]b', {label: true})).toBe('a\\]b')
    expect(escapeText('C# x #', {lineStart: false})).toBe('C# x #')
    expect(escapeText('C# x ##', {lineStart: false, heading: true})).toBe('C# x \\##')
    expect(escapeText('#', {lineStart: false, heading: true})).toBe('\\#')
  })

  it('writes titles and destinations so they read back as given', () => {
    expect(escapeTitle('a "b" \\ &amp;')).toBe('a \\"b\\" \\\\ \\&amp;')
    expect(escapeDestination('https://x.y/a?b=1&c=2')).toBe('https://x.y/a?b=1&c=2')
    expect(escapeDestination('https://x.y/a b(1)')).toBe('<https://x.y/a b(1)>')
    expect(escapeDestination('https://x.y/<a>\\\n&lt;')).toBe('<https://x.y/\\<a\\>\\\\&#xA;\\&lt;>')
  })
})
