import katex from 'katex'
import type {FormulaBlock} from '../../model/index.js'
import type {Handler} from '../types.js'

/** Longest LaTeX that is validated; longer formulas are shown as code (KaTeX cost grows with size). */
export const MAX_LATEX_LENGTH = 20_000

// Safe settings: no \href/\url/\includegraphics trust, bounded macro expansion and sizes.
const katexOptions: katex.KatexOptions = {throwOnError: true, trust: false, strict: 'ignore', maxExpand: 1000, maxSize: 100, output: 'mathml'}

/** Why KaTeX rejects the LaTeX, or undefined when it renders. */
export function latexProblem(latex: string): string | undefined {
  if (latex.length > MAX_LATEX_LENGTH) return `longer than ${MAX_LATEX_LENGTH} characters`
  try {
    katex.renderToString(latex, katexOptions)
    return undefined
  } catch (error) {
    // Every error type counts (ParseError and anything else KaTeX throws).
    return error instanceof Error ? error.message.split('\n')[0] : String(error)
  }
}

/** Display math (`$$ … $$`) when KaTeX accepts the LaTeX; otherwise a `latex` code block and a warning. */
export const formula: Handler<FormulaBlock> = (block, {warn}) => {
  const value = block.latex.trim()
  if (value === '') return []
  const problem = latexProblem(value)
  if (problem === undefined) return [{type: 'math', meta: null, value}]
  warn('invalid_latex', `LaTeX rejected by KaTeX (${problem}); shown as a code block`)
  return [{type: 'code', lang: 'latex', meta: null, value}]
}
