// The formula handler asks KaTeX for its verdict from the parse alone (see `katexProblem`): held
// here to the verdict of `renderToString`, which builds and writes the MathML, on every formula of
// the fixtures and the benchmark documents, and on generated LaTeX that reaches the parser's
// errors, the builders' throw sites (characters outside KaTeX's fonts, units, delimiters), the
// trust check and the expansion limit.
import {createRequire} from 'node:module'
import {fc, test} from '@fast-check/vitest'
import type KaTeX from 'katex'
import {describe, expect, it} from 'vitest'
import {generateDocument} from '../../bench/generate.js'
import {katexProblem} from '../../src/render/handlers/formula.js'
import {fixtureFormulas} from '../helpers/formulas.js'

const katex = createRequire(import.meta.url)('katex') as typeof KaTeX

/** The verdict as the handler gave it before: `renderToString`, markup and all. */
function renderedProblem(latex: string): string | undefined {
  const untrusted: string[] = []
  const trust = (context: {command: string}) => (untrusted.push(context.command), false)
  try {
    katex.renderToString(latex, {throwOnError: true, trust, strict: 'ignore', maxExpand: 1000, maxSize: 100, output: 'mathml'})
    return untrusted.length === 0 ? undefined : `uses ${untrusted[0]}, which is not allowed`
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error)
  }
}

/** LaTeX pieces: valid commands, broken ones, builder-only failures, untrusted commands, expansion bombs. */
const piece = fc.constantFrom(
  'x',
  '2',
  ' ',
  '+',
  '^',
  '_',
  '{',
  '}',
  '\\frac{a}{b}',
  '\\frac',
  '\\sqrt',
  '\\sqrt[3]{x}',
  '\\left(',
  '\\right)',
  '\\middle|',
  '\\begin{array}{cc}',
  '\\begin{array}{cx}',
  '\\end{array}',
  '\\begin{matrix}',
  '\\end{matrix}',
  '&',
  '\\\\',
  '\\mathbb{R}',
  '\\mathbb{𝐀}',
  '𝐀',
  '𝔸',
  '😀',
  'é',
  '\\text{é😀}',
  '\\mathrm{x}',
  '\\operatorname{f}',
  '\\rule{1em}{2em}',
  '\\rule{1zz}{1em}',
  '\\kern1em',
  '\\hspace{3pt}',
  '\\color{red}',
  '\\textcolor{#zz}{x}',
  '\\def\\a{\\a}\\a',
  '\\def\\b#1{#1#1}\\b{\\b{\\b{x}}}',
  '\\verb|x|',
  '\\verb',
  '\\char`\\x',
  '\\@char',
  '\\tag{1}',
  '\\tag{2}',
  '\\href{https://x.org}{y}',
  '\\url{x}',
  '\\includegraphics{x.png}',
  '\\htmlId{a}{b}',
  '\\undefinedcommand',
  '\\overbrace{x}',
  '\\xrightarrow{a}',
  '\\cancel{x}',
  '\\boxed{x}',
  '\\mathchoice{a}{b}{c}{d}',
  '\\sum_{i=1}^n',
  '\\int',
  '\\not',
  '\\big(',
  '\\Big',
  '#',
  '%',
  '\\',
  '$',
  '\\begin{align}',
  '\\end{align}',
  '\\newcommand{\\c}{x}\\c',
  '\\renewcommand{\\c}{x}'
)
const latexArb = fc.array(piece, {minLength: 1, maxLength: 8}).map((pieces) => pieces.join(''))

describe('the KaTeX verdict from the parse alone', () => {
  it('is renderToString’s on every formula of the fixtures and of a benchmark document', () => {
    const formulas = [...fixtureFormulas()]
    for (const match of generateDocument(20).matchAll(/"latex":("(?:[^"\\]|\\.)*")/g)) formulas.push(JSON.parse(match[1]!) as string)
    expect(formulas.length).toBeGreaterThan(50)
    for (const latex of formulas) expect(katexProblem(latex), latex).toBe(renderedProblem(latex))
  })

  test.prop([latexArb], {numRuns: 1000})('is renderToString’s on generated LaTeX', (latex) => {
    expect(katexProblem(latex)).toBe(renderedProblem(latex))
  })

  it('reaches every kind of verdict: accepted, parse errors, untrusted commands, the expansion limit', () => {
    const verdicts = fc.sample(latexArb, {numRuns: 1000, seed: 27}).map(katexProblem)
    expect(verdicts.filter((verdict) => verdict === undefined).length).toBeGreaterThan(50)
    expect(verdicts.filter((verdict) => verdict?.startsWith('KaTeX parse error')).length).toBeGreaterThan(50)
    expect(verdicts.some((verdict) => verdict?.endsWith('which is not allowed'))).toBe(true)
    expect(verdicts.some((verdict) => verdict?.includes('Too many expansions'))).toBe(true)
  })
})
