import {createRequire} from 'node:module'
import type KaTeX from 'katex'
import type {FormulaBlock} from '../../model/index.js'
import {inKatexSubset} from '../latex-subset.js'
import {withoutNul} from '../text.js'
import type {Handler, HandlerContext} from '../types.js'

// KaTeX (600 KB of code) is loaded on the first formula, not with the renderer: a document without
// formulas never pays for it. Synchronously (`require`), since rendering is synchronous.
const require = createRequire(import.meta.url)
let katex: typeof KaTeX | undefined
const loadKatex = (): typeof KaTeX => (katex ??= require('katex') as typeof KaTeX)

/** Longest LaTeX that is validated; longer formulas are shown as code (KaTeX cost grows with size). */
export const MAX_LATEX_LENGTH = 20_000

/** How many KaTeX verdicts are kept (least recently used first out): a bound on memory, not a cost. */
export const LATEX_CACHE_SIZE = 4096

// Verdicts by LaTeX string. KaTeX is deterministic for a given string and settings, so a verdict
// kept is the verdict KaTeX would give again: the cache changes the cost, never the output.
const verdicts = new Map<string, string | undefined>()
const cacheStats = {recognised: 0, hits: 0, misses: 0}

/**
 * Since the process started: formulas accepted by the subset recogniser without KaTeX
 * (`recognised`), then the hits and misses of the KaTeX verdict cache (the others), and its size
 * (for the benchmarks).
 */
export function latexCacheStats(): {recognised: number; hits: number; misses: number; size: number} {
  return {...cacheStats, size: verdicts.size}
}

/**
 * Why the LaTeX is refused, or undefined when KaTeX renders it under safe settings: bounded
 * macro expansion and sizes, and no command that needs trust (\href, \url, \includegraphics,
 * \htmlId, …): KaTeX would only grey those out, but other math renderers downstream might not.
 * A formula in the common subset that KaTeX certainly accepts (../latex-subset.ts: one linear
 * pass, proven against KaTeX by test/render/latex-subset.test.ts) needs neither KaTeX nor a cache
 * entry; the others get KaTeX's verdict, cached by string (at most `LATEX_CACHE_SIZE`).
 */
export function latexProblem(latex: string): string | undefined {
  if (latex.length <= MAX_LATEX_LENGTH && inKatexSubset(latex)) {
    cacheStats.recognised++
    return undefined
  }
  if (verdicts.has(latex)) {
    cacheStats.hits++
    const verdict = verdicts.get(latex)
    // Most recently used last: the first key is always the one to evict.
    verdicts.delete(latex)
    verdicts.set(latex, verdict)
    return verdict
  }
  cacheStats.misses++
  const verdict = katexProblem(latex)
  verdicts.set(latex, verdict)
  if (verdicts.size > LATEX_CACHE_SIZE) verdicts.delete(verdicts.keys().next().value!)
  return verdict
}

/** KaTeX's settings for the verdict: errors thrown, no trusted command, bounded expansion and sizes. */
const katexSettings = (trust: (context: {command: string}) => boolean) =>
  ({throwOnError: true, trust, strict: 'ignore', maxExpand: 1000, maxSize: 100, output: 'mathml'}) as const

/**
 * KaTeX's verdict on the LaTeX, uncached: the verdict `renderToString` gives, from KaTeX's parse
 * alone. With `output: 'mathml'` the build after the parse is the MathML builder's, whose only
 * throws are for trees no parse makes (unknown group types); the HTML builder's (an unsupported
 * character in a font) never run. The parse is half of the build's time on a cold KaTeX
 * (test/render/katex-verdict.test.ts holds the verdict to `renderToString`'s on every fixture's
 * formula and on generated LaTeX that reaches every kind of error).
 */
export function katexProblem(latex: string): string | undefined {
  if (latex.length > MAX_LATEX_LENGTH) return `longer than ${MAX_LATEX_LENGTH} characters`
  const untrusted: string[] = []
  const trust = (context: {command: string}) => (untrusted.push(context.command), false)
  try {
    const katex = loadKatex() as KatexInternals
    // Should a KaTeX without it ever be installed, the whole render gives the same verdict.
    if (typeof katex.__parse === 'function') katex.__parse(latex, katexSettings(trust))
    else katex.renderToString(latex, katexSettings(trust))
    return untrusted.length === 0 ? undefined : `uses ${untrusted[0]}, which is not allowed`
  } catch (error) {
    // Every error type counts (ParseError and anything else KaTeX throws).
    return error instanceof Error ? error.message.split('\n')[0] : String(error)
  }
}

/** KaTeX's parse: exported by KaTeX (0.18.4, pinned) but not in its types. */
type KatexInternals = typeof KaTeX & {__parse?: (expression: string, options: KaTeX.KatexOptions) => unknown}

/**
 * A fenced `math` block when KaTeX accepts the LaTeX under safe settings; otherwise a fenced
 * `latex` block and an `invalid_latex` warning. A fence, because its content reaches every reader
 * byte for byte and is never markup: GitHub, GitLab and rehype-katex render a `math` fence as
 * display math, and every reader without math shows it as code (`$$` lines would leave the LaTeX
 * as paragraph text there, where `a\n~~~` opens a fence and `<img …>` is live HTML). The fence
 * is longer than any backtick run in the LaTeX (the serializer sees to it). Line endings are
 * normalised first, so what is checked is what is written.
 */
export const formula: Handler<FormulaBlock> = (block, {warn}) => {
  const fence = formulaFence(block, warn)
  return fence === undefined ? [] : [{type: 'code', meta: null, ...fence}]
}

/** The formula's fence content and language, `math` or `latex` (the direct writer's too; warns), or undefined when it is blank. */
export function formulaFence(block: FormulaBlock, warn: HandlerContext['warn']): {lang: string; value: string} | undefined {
  const value = withoutNul(block.latex).replace(/\r\n?/g, '\n').trim()
  if (value === '') return undefined
  const problem = latexProblem(value)
  if (problem === undefined) return {lang: 'math', value}
  warn('invalid_latex', `LaTeX rejected by KaTeX (${problem}); shown as a code block`)
  return {lang: 'latex', value}
}
