// The subset recogniser (src/render/latex-subset.ts) answers "KaTeX certainly accepts this" or
// "don't know". Its whole promise is soundness: never "accepts" where KaTeX (the renderer's
// settings) refuses. Held here to KaTeX itself (`katexProblem`, uncached): on generated LaTeX that
// mixes valid and broken constructions, command by command for the class each is given, at the
// bounds (expansions, nesting), and on every formula of the fixtures and the benchmark document.
import {createRequire} from 'node:module'
import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {generateDocument} from '../../bench/generate.js'
import type KaTeX from 'katex'
import {MAX_LATEX_LENGTH, katexProblem, latexCacheStats, latexProblem} from '../../src/render/handlers/formula.js'
import {COMMANDS, type CommandKind, MACRO_COST, MAX_EXPANSIONS, MAX_LATEX_NESTING, inKatexSubset} from '../../src/render/latex-subset.js'
import {fixtureFormulas} from '../helpers/formulas.js'

const named = (kind: CommandKind) => [...COMMANDS].filter(([, k]) => k === kind).map(([name]) => name)
/** The command as written: a control word gets a space after it, so that a letter cannot run on. */
const cmd = (name: string) => (/^[A-Za-z]/.test(name) ? `\\${name} ` : `\\${name}`)
/** `n` times in a row, as short as can be (a backslash needs no space before it); under KaTeX's 20,000 characters. */
const times = (latex: string, n: number) => latex.trimEnd().repeat(n)
const katex = createRequire(import.meta.url)('katex') as typeof KaTeX & {__parse: (latex: string, options: KaTeX.KatexOptions) => unknown}
/**
 * KaTeX's verdict: `katexProblem`'s (the renderer's settings); beyond its length cap (which the
 * renderer checks before the recogniser) KaTeX's parse with the same settings, for the repetitions
 * that prove a command costs no expansion.
 */
function problem(latex: string): string | undefined {
  if (latex.length <= MAX_LATEX_LENGTH) return katexProblem(latex)
  const untrusted: string[] = []
  const trust = (context: {command: string}) => (untrusted.push(context.command), false)
  try {
    katex.__parse(latex, {throwOnError: true, trust, strict: 'ignore', maxExpand: 1000, maxSize: 100, output: 'mathml'})
    return untrusted[0]
  } catch (error) {
    return String(error).slice(0, 200)
  }
}
const accepted = (latex: string) => problem(latex) === undefined
const short = (latex: string) => (latex.length > 120 ? `${latex.slice(0, 120)}… (${latex.length} characters)` : latex)

/** Asserts that the recogniser accepts each and that KaTeX does too. */
function bothAccept(cases: string[]): void {
  for (const latex of cases) {
    expect(inKatexSubset(latex), `recognised: ${short(latex)}`).toBe(true)
    expect(problem(latex), short(latex)).toBeUndefined()
  }
}

// ---- Generated LaTeX: a token soup with structure, valid and invalid constructions mixed ----

const pick = <T>(items: readonly T[]) => fc.constantFrom(...items)
const SYMBOL_COMMANDS = named('symbol').map(cmd)
const FUNCTION_COMMANDS = [...named('op'), ...named('arg1'), ...named('arg2'), 'sqrt', 'text', 'left', 'begin', 'operatorname', 'displaystyle'].map(cmd)
const MACROS = [...MACRO_COST.keys()].filter((name) => name !== 'operatorname').map((name) => (name === '~' ? '~' : cmd(name)))
const UNKNOWN = ['\\foo ', '\\genfrac{}{}{0pt}{}{a}{b}', '\\hline ', '\\relax ', '\\verb|x|', '\\href{x}{y}', '\\def\\a{x}\\a ', '\\limits ', '\\right)', '\\end{pmatrix}', '\\middle|']
const GOOD_CHARS = [...'abxyzN0123456789+-=<>()|.,;:!?*/@"`[]']
const BAD_CHARS = ['#', '$', '%', '&', "'", '^', '_', '{', '}', '\\', '\\\\', 'é', '\u0001', '\u007f', '\u2211', '\\ ']
const GOOD_DELIMS = ['(', ')', '[', ']', '|', '.', '/', '<', '>', '\\{', '\\}', '\\|', '\\langle', '\\rangle', '\\lfloor', '\\rceil', '\\vert', '\\Vert', '\\lvert', '\\uparrow', '\\backslash']
const BAD_DELIMS = ['x', '{', '\\alpha', '\\frac', '', '\\,', '\\lbrace']
const ENVS = ['matrix', 'pmatrix', 'bmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'smallmatrix', 'cases', 'aligned', 'gathered', 'array', 'align', 'eqnarray', 'pmatrix*', 'array*']
const delimiter = fc.oneof({weight: 6, arbitrary: pick(GOOD_DELIMS)}, {weight: 1, arbitrary: pick(BAD_DELIMS)})
const ws = fc.constantFrom('', ' ', ' ', ' ', '\n', '  ')

const {expression} = fc.letrec<{expression: string; item: string; nucleus: string; unscripted: string; argument: string; scripts: string}>((tie) => ({
  expression: fc.array(fc.tuple(tie('item'), ws), {maxLength: 4}).map((items) => items.map(([item, space]) => item + space).join('')),
  item: fc.oneof(
    {depthSize: 'small', withCrossShrink: true},
    {weight: 80, arbitrary: fc.tuple(tie('nucleus'), tie('scripts')).map(([nucleus, scripts]) => nucleus + scripts)},
    {weight: 10, arbitrary: tie('unscripted')},
    {weight: 1, arbitrary: fc.tuple(tie('unscripted'), tie('scripts')).map(([nucleus, scripts]) => nucleus + scripts)},
    {weight: 1, arbitrary: pick(BAD_CHARS)},
    {weight: 1, arbitrary: pick(UNKNOWN)},
    {weight: 1, arbitrary: fc.tuple(tie('expression'), pick(['&', '\\\\', '\\\\[2pt]', '}', '{'])).map(([e, t]) => e + t)}
  ),
  // What takes no scripts in the subset: macros, switches, the control space, bad pieces.
  unscripted: fc.oneof(
    {weight: 4, arbitrary: pick(MACROS)},
    {weight: 2, arbitrary: pick(named('switch').map(cmd))},
    {weight: 1, arbitrary: pick(['\\ ', '\\operatorname*{x}', '\\operatorname x', "'", '\\limits '])},
    {weight: 4, arbitrary: fc.tuple(pick([...MACRO_COST].filter(([name]) => name !== 'operatorname')), pick(['', ' ', ')', '\\int ', '+', ',', '=', 'x', ';', '\\}', '\\rangle ']), fc.nat(3)).map(([[name, cost], follower, extra]) => (cmd(name).replace('\\~', '~') + follower).repeat(Math.floor(MAX_EXPANSIONS / cost) - 1 + extra))}
  ),
  nucleus: fc.oneof(
    {depthSize: 'small', withCrossShrink: true},
    {weight: 8, arbitrary: pick(GOOD_CHARS)},
    {weight: 6, arbitrary: pick(SYMBOL_COMMANDS)},
    {weight: 2, arbitrary: pick(named('op').map(cmd))},
    {weight: 2, arbitrary: tie('expression').map((e) => `{${e}}`)},
    {weight: 3, arbitrary: fc.tuple(pick(named('arg1')), tie('argument')).map(([f, a]) => cmd(f) + a)},
    {weight: 3, arbitrary: fc.tuple(pick(named('arg2')), tie('argument'), tie('argument')).map(([f, a, b]) => cmd(f) + a + b)},
    {weight: 2, arbitrary: fc.tuple(pick(['', '', '[3]', '[n+1]', '[ n ]', '[]', '[\\alpha]', '[x^2]', '[a[b]', '[']), tie('argument')).map(([index, a]) => `\\sqrt${index}${a}`)},
    {weight: 1, arbitrary: fc.tuple(pick(named('text')), pick(['{a b}', '{if }', '{--}', "{''}", '{x^2}', '{\\alpha}', '{a{b}c}', '{', '{~}', 'x'])).map(([f, t]) => cmd(f) + t)},
    {weight: 3, arbitrary: fc.tuple(delimiter, tie('expression'), fc.oneof({weight: 8, arbitrary: fc.constant('')}, {weight: 2, arbitrary: delimiter.map((d) => `\\middle${d}`)}), tie('expression'), delimiter, fc.oneof({weight: 10, arbitrary: fc.constant('\\right')}, {weight: 1, arbitrary: pick(['', '}', '\\middle'])})).map(([l, a, m, b, r, right]) => `\\left${l} ${a} ${m} ${b} ${right}${r} `)},
    {weight: 1, arbitrary: fc.tuple(pick(named('big')), delimiter).map(([b, d]) => cmd(b) + d + ' ')},
    {weight: 3, arbitrary: fc.tuple(fc.oneof({weight: 6, arbitrary: pick(ENVS.slice(0, 10))}, {weight: 1, arbitrary: pick(ENVS)}), pick(['{cc}', '{c|l}', '', '', '', '{x}', '{}']), fc.array(fc.tuple(tie('expression'), pick([' & ', ' & ', ' \\\\ ', '\\\\', ' \\\\ ', '', '\\\\[1em]', ' \\\\ [x]', ' \\\\ \\hline '])), {maxLength: 4}), fc.oneof({weight: 6, arbitrary: fc.constant('')}, {weight: 1, arbitrary: pick(ENVS)})).map(([env, spec, cells, other]) => `\\begin{${env}}${spec} ${cells.map(([c, sep]) => c + sep).join('')}\\end{${other || env}}`)},
    {weight: 2, arbitrary: fc.tuple(pick([8, MAX_LATEX_NESTING - 8, MAX_LATEX_NESTING - 2, MAX_LATEX_NESTING + 1, 5000]), pick([['{', '}'], ['x^{', '}'], ['\\frac{', '}{y}'], ['\\left(', '\\right)'], ['\\sqrt{', '}'], ['\\begin{pmatrix}', '\\end{pmatrix}'], ['\\rm ', ''], ['\\it x', '']] as const)).map(([n, [open, close]]) => open.repeat(n) + 'x' + close.repeat(n))},
    {weight: 1, arbitrary: tie('expression').map((e) => `\\operatorname{${e}}`)}
  ),
  argument: fc.oneof(
    {depthSize: 'small', withCrossShrink: true},
    {weight: 16, arbitrary: pick(GOOD_CHARS)},
    {weight: 10, arbitrary: pick(SYMBOL_COMMANDS)},
    {weight: 16, arbitrary: tie('expression').map((e) => `{${e}}`)},
    {weight: 1, arbitrary: pick(FUNCTION_COMMANDS)},
    {weight: 1, arbitrary: pick([...MACROS, '', '^', "'", '\\ ', '}', '&'])}
  ),
  scripts: fc.oneof(
    {weight: 5, arbitrary: fc.constant('')},
    {weight: 5, arbitrary: fc.tuple(pick(['^', '_', '^ ', '_ ']), tie('argument')).map(([s, a]) => s + a)},
    {weight: 3, arbitrary: fc.tuple(pick(['^#_#', '_#^#', "'_#", "''", "_#'", "'^#", "_# ''^#", '\\limits_#^#']), tie('argument'), tie('argument')).map(([form, a, b]) => form.replace('#', a).replace('#', b))},
    {weight: 1, arbitrary: fc.array(fc.oneof({weight: 4, arbitrary: fc.tuple(pick(['^', '_', '^ ', '_ ']), tie('argument')).map(([s, a]) => s + a)}, {weight: 1, arbitrary: pick(["'", "''", "' ", '\\limits ', '\\nolimits '])}), {minLength: 1, maxLength: 3}).map((scripts) => scripts.join(''))}
  )
}))
const latexArb = expression.filter((latex) => latex.trim() !== '')

/** A structureless soup: every command of the subset and every ASCII character class, in any order. */
const soupArb = fc
  .array(
    pick([...[...COMMANDS.keys()].map((name) => `\\${name}`), ...'abx12+-=()[]|.,;:!?*/@"`\'^_{}{}&~% #$\\ \n\t   ', '\\\\', '\\right', '\\end{pmatrix}', '\\begin{pmatrix}', '\\begin{array}{cc}', '\\end{array}', '\\limits', '\\relax', '\\foo', '\\sqrt[', '\\text{', '\\operatorname{']),
    {maxLength: 25}
  )
  .map((tokens) => tokens.join(''))

describe('the LaTeX subset: recognised ⇒ KaTeX accepts', () => {
  test.prop([latexArb], {numRuns: 3000})('on generated LaTeX, valid and broken', (latex) => {
    if (inKatexSubset(latex)) expect(katexProblem(latex)).toBeUndefined()
  })

  test.prop([soupArb], {numRuns: 3000})('on a structureless token soup', (latex) => {
    if (inKatexSubset(latex)) expect(katexProblem(latex)).toBeUndefined()
  })

  it('the generator is not vacuous: a good share is recognised, much is refused by KaTeX, and the bounds are reached', () => {
    const sample = fc.sample(latexArb, {numRuns: 800, seed: 27})
    const recognised = sample.filter(inKatexSubset)
    expect(recognised.length / sample.length).toBeGreaterThan(0.2)
    const some = sample.filter((latex) => latex.length < 3000).slice(0, 200) // KaTeX is slow to overflow its stack
    expect(some.filter((latex) => !accepted(latex)).length / some.length).toBeGreaterThan(0.2)
    const has = (pattern: RegExp) => recognised.filter((latex) => pattern.test(latex)).length
    // Macro runs near the budget: the expansions they may cost, by MACRO_COST.
    const spent = (latex: string) => [...latex.matchAll(/\\([,;:!]|[a-zA-Z]+)|~/g)].reduce((sum, [match, name]) => sum + (MACRO_COST.get(name ?? match) ?? 0), 0)
    expect(recognised.filter((latex) => spent(latex) > MAX_EXPANSIONS - 10).length).toBeGreaterThan(0)
    expect(has(/(\{|x\^\{|\\frac\{|\\left\(|\\sqrt\{|\\begin\{pmatrix\}|\\rm|\\it x){50}/)).toBeGreaterThan(0) // nesting near the cap
    expect(has(/\\begin\{/)).toBeGreaterThan(5)
    expect(has(/\\left/)).toBeGreaterThan(5)
    expect(has(/\^\\[a-zA-Z]/)).toBeGreaterThan(10)
    expect(has(/'/)).toBeGreaterThan(10)
    const soup = fc.sample(soupArb, {numRuns: 500, seed: 27})
    expect(soup.filter(inKatexSubset).length / soup.length).toBeGreaterThan(0.2)
  })
})

// ---- Every command of the subset, in its class ----

describe('the LaTeX subset: each command is of the class it is given', () => {
  it('symbols: alone, as an unbraced superscript, subscript and argument, scripted, and 1,001 times (no macro expands)', () => {
    for (const name of named('symbol')) {
      const c = cmd(name)
      bothAccept([c, `x^${c}`, `x_${c}`, `\\frac${c}${c}`, `\\sqrt${c}`, `\\mathrm${c}`, `${c}^2_3`, `${c}_{a}^{b}`, `{${c}}'`, times(c, 1001)])
    }
  })

  it('ops: take scripts and \\limits / \\nolimits (KaTeX refuses those after anything but an op), 1,001 times; never an unbraced argument', () => {
    for (const name of named('op')) {
      const c = cmd(name)
      bothAccept([c, `${c}_{i=1}^{n} x`, `${c}\\limits_{a}^{b}`, `${c}\\nolimits^2`, `${c}_a\\limits^b`, times(c, 1001)])
      expect(inKatexSubset(`x^${c}`)).toBe(false)
      expect(inKatexSubset(`\\frac${c}x`)).toBe(false)
    }
    expect(accepted('x\\limits^2')).toBe(false)
    expect(inKatexSubset('x\\limits^2')).toBe(false)
    expect(inKatexSubset('{\\sum}\\limits')).toBe(false)
  })

  it('one-argument functions: braced or single-token argument, scripted, 1,001 times; refused without an argument; never an unbraced argument', () => {
    for (const name of named('arg1')) {
      const c = cmd(name)
      bothAccept([`${c}{x}`, `${c}x`, `${c}\\alpha`, `${c}{a+b}^2_3`, `${c}{}`, `x^{${c}{y}}`, `${c}{x}`.repeat(1001)])
      expect(accepted(c)).toBe(false)
      expect(inKatexSubset(c)).toBe(false)
      expect(inKatexSubset(`x^${c}{y}`)).toBe(false)
    }
  })

  it('two-argument functions: both arguments needed, 1,001 times; never an unbraced argument', () => {
    for (const name of named('arg2')) {
      const c = cmd(name)
      bothAccept([`${c}{a}{b}`, `${c}12`, `${c}\\alpha\\beta`, `${c}{a}{b}^2`, `${c}{}{}`, `${c}{a}{b}`.repeat(1001)])
      expect(accepted(`${c}{a}`)).toBe(false)
      expect(inKatexSubset(`${c}{a}`)).toBe(false)
      expect(inKatexSubset(`x^${c}12`)).toBe(false)
    }
    // KaTeX refuses a function that is not allowed as an argument as an unbraced superscript.
    expect(katexProblem('x^\\sum')).toMatch(/with no arguments as superscript/)
    expect(katexProblem('x^\\sqrt{2}')).toMatch(/with no arguments as superscript/)
  })

  it('\\sqrt: with and without a simple index; other indices left to KaTeX', () => {
    bothAccept(['\\sqrt{x}', '\\sqrt x', '\\sqrt2', '\\sqrt[3]{x}', '\\sqrt[n+1]x', '\\sqrt [ n ] {x}', '\\sqrt[]{x}', '\\sqrt[-]{x}', '\\sqrt{x}^2', '\\sqrt[3]{x}'.repeat(1001)])
    for (const latex of ['\\sqrt[\\alpha]{x}', '\\sqrt[x^2]{x}', '\\sqrt[a[b]]{x}', '\\sqrt[3]', '\\sqrt', '\\sqrt[3{x}', '\\sqrt[{]}]{x}']) expect(inKatexSubset(latex), latex).toBe(false)
    expect(accepted('\\sqrt[')).toBe(false)
  })

  it('text: a braced argument of plain text characters only', () => {
    for (const name of named('text')) {
      const c = cmd(name)
      bothAccept([`${c}{a b}`, `${c}{ if }`, `${c}{}`, `${c}{--- '' \`\` (a), [b]; x=y?!}`, `${c}{a}^2`, `${c}{a}`.repeat(1001)])
      for (const body of ['{x^2}', '{a_b}', '{\\alpha}', '{a{b}c}', '{~}', '{%}', '{$x$}', '{&}', '{#}', '{é}', 'x', '{'])
        expect(inKatexSubset(`${c}${body}`), `${c}${body}`).toBe(false)
    }
    expect(accepted('\\text{x^2}')).toBe(false)
  })

  it('switches: take the rest of their group, so a run of them nests (KaTeX recurses once per switch)', () => {
    for (const name of named('switch')) {
      const c = cmd(name)
      bothAccept([`${c}x+y`, `{${c}x}^2`, `x^{${c}y}`, `\\frac{${c}a}{b}`, `\\left(${c}x\\right)`, `\\begin{pmatrix}${c}a & b\\\\c\\end{pmatrix}`, `${c}^2`, `{${c}x}`.repeat(1001)])
      bothAccept([times(`${c}x`, MAX_LATEX_NESTING)])
      expect(inKatexSubset(times(`${c}x`, MAX_LATEX_NESTING + 1))).toBe(false)
      expect(inKatexSubset(`x^${c}y`)).toBe(false)
    }
    expect(katexProblem('\\rm'.repeat(6000))).toMatch(/call stack/)
  })

  it('delimiters: every delimiter of the subset after \\left, \\right, \\middle and every \\big', () => {
    const delimiters = [...'()[]<>/|.', ...['{', '}', '|', 'lbrace', 'rbrace', 'langle', 'rangle', 'lfloor', 'rfloor', 'lceil', 'rceil', 'vert', 'Vert', 'lvert', 'rvert', 'lVert', 'rVert', 'backslash', 'uparrow', 'downarrow', 'updownarrow', 'Uparrow', 'Downarrow', 'Updownarrow', 'lgroup', 'rgroup', 'lmoustache', 'rmoustache', 'lbrack', 'rbrack', 'lparen', 'rparen', 'lt', 'gt'].map(cmd)]
    for (const d of delimiters) {
      bothAccept([`\\left${d} x \\right${d}`, `\\left( a \\middle${d} b \\right)`, `\\left${d}x\\right)^2_1`, `\\left${d}x\\right${d}`.repeat(1001)])
      for (const big of named('big')) bothAccept([`${cmd(big)}${d}`, `${cmd(big)}${d}^2`])
    }
    for (const latex of ['\\big{(}', '\\left{(} x \\right)']) expect(inKatexSubset(latex), latex).toBe(false)
    for (const bad of ['x', '\\alpha', '\\frac', '', '+'])
      for (const latex of [`\\left${bad} x \\right)`, `\\left( x \\right${bad}`, `\\big${bad}`, `\\left( \\middle${bad} \\right)`]) {
        expect(inKatexSubset(latex), latex).toBe(false)
        expect(accepted(latex), latex).toBe(false)
      }
    for (const latex of ['\\middle| x', '\\left( x', 'x \\right)', '{\\left( x} \\right)', '\\left( x & y \\right)', '\\left( x \\right) \\right)', '\\left( x \\middle| y \\right)^2\\middle|'])
      expect(inKatexSubset(latex), latex).toBe(false)
  })

  it('environments: cells by & and \\\\, names matched exactly, scripts after \\end; \\\\[ and others left to KaTeX', () => {
    for (const env of ['matrix', 'pmatrix', 'bmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'smallmatrix', 'cases', 'aligned', 'gathered']) {
      const e = (body: string) => `\\begin{${env}}${body}\\end{${env}}`
      bothAccept([e('a & b \\\\ c & d'), e(''), e('a \\\\'), e('a & b & c & d \\\\ \\\\ & x'), e('\\frac{a}{b} & \\left( x \\right)') + '^T', `x_{${e('a')}}`, e(e('a & b') + ' & c'), e('a').repeat(1001)])
      for (const latex of [e('a \\\\[2pt] b'), e(' a&b\\\\ [x] '), e('a \\\\ \\hline b'), `\\begin{${env}} a \\end{${env}x}`, `\\begin{${env}} a`, `\\begin{ ${env}} a \\end{${env}}`, e('{a & b}'), e('\\left( a & b \\right)'), `x^\\begin{${env}}a\\end{${env}}`])
        expect(inKatexSubset(latex), latex).toBe(false)
    }
    bothAccept(['\\begin{array}{cc} a & b \\\\ c & d \\end{array}', '\\begin{array}{c|l|r} a & b & c & d \\end{array}', '\\begin{array} {l} a \\end{array}'])
    for (const latex of ['\\begin{array}{cx} a \\end{array}', '\\begin{array}{} a \\end{array}', '\\begin{array}{c c} a \\end{array}', '\\begin{array} a \\end{array}', '\\begin{align} a \\end{align}', '\\begin{equation} a \\end{equation}', '\\begin{pmatrix*}[r] a \\end{pmatrix*}'])
      expect(inKatexSubset(latex), latex).toBe(false)
    expect(accepted('\\begin{align} a \\end{align}')).toBe(false) // needs display mode
    expect(accepted('\\begin{pmatrix} a \\\\[x] b \\end{pmatrix}')).toBe(false)
    expect(accepted('\\begin{pmatrix} a \\end{bmatrix}')).toBe(false)
  })

  it('characters: each nucleus character alone, scripted, as a superscript, as an argument, 1,001 times; text characters in \\text', () => {
    for (const ch of 'abcxyzABXYZ0123456789!"*+,-./:;<=>?@()|`') bothAccept([ch, `${ch}^2`, `x^${ch}`, `x_${ch}`, `\\frac ${ch}${ch}`, `\\sqrt ${ch}`, ch.repeat(1001), `\\text{${ch}}`])
    bothAccept(['[', ']', '[^2', ']_1', '[x]', '\\text{[x]}', ' \t\r\nx \t\r\n', '^2', '_{1}F_{1}', "x'", "x''^2", "x'_1", "x_1'^2", "x_1'"])
    for (const latex of ['x^[', 'x^]', '\\frac[]', "x^2'", "x' ^2", "x''^2'", 'x^2^3', 'x_1_2', "x^'", 'x^', 'x_', "'x", 'x^\\ ', '#', '$', '%', '&', '~^2', 'é', 'x\u0001', 'x\u007f', '\\', '\\é', '}', '{', '\\\\', 'a \\\\ b', '\\end{pmatrix}', '\\right)', '\\limits'])
      expect(inKatexSubset(latex), JSON.stringify(latex)).toBe(false)
    expect(accepted("x^2'")).toBe(false)
    expect(accepted("x' ^2")).toBe(false)
    expect(accepted('x^2^3')).toBe(false)
  })

  it('macros: their cost bounds KaTeX’s expansions, whatever follows them; at the bound of 1,000 it parses, one more is left to KaTeX', () => {
    // What \\dots and \\cdots look at (macros.ts): closing tokens and punctuation add a `\\,`, an
    // integral picks \\dotsi, a binary operator or relation \\dotsb; the end of input.
    const followers = ['', ' ', ')', ']', '\\}', '\\rbrace ', '\\rangle ', ';', '.', ',', '+', '=', '\\int ', '\\oint ', '\\to ', '\\cdot ', 'x', '\\sum ']
    for (const [name, cost] of MACRO_COST) {
      const unit = name === 'operatorname' ? '\\operatorname{x}' : name === '~' ? '~' : cmd(name)
      const times = Math.floor(MAX_EXPANSIONS / cost)
      for (const follower of name.includes('dots') ? followers : ['', ')', '\\int ']) bothAccept([(unit + follower).repeat(times)])
      // Before \right and at the end of a group or argument.
      bothAccept([`\\left( x ${unit}\\right)`.repeat(times), `{x ${unit}}`.repeat(times), `\\frac{${unit}}{${unit}}`.repeat(Math.floor(times / 2))])
      expect(inKatexSubset(unit.repeat(times + 1)), `${unit} × ${times + 1}`).toBe(false)
      // Never scripted, never an argument on its own.
      if (name !== 'operatorname') for (const latex of [`${unit}^2`, `${unit}_2`, `${unit}'`, `x^${unit}`, `\\frac${unit}x`]) expect(inKatexSubset(latex), latex).toBe(false)
    }
    // Mixed, to the bound: every macro in turn until the budget is spent.
    const units = [...MACRO_COST].map(([name, cost]) => [name === 'operatorname' ? '\\operatorname{x}' : name === '~' ? '~' : cmd(name), cost] as const)
    let latex = ''
    let spent = 0
    for (let k = 0; ; k++) {
      const [unit, cost] = units[k % units.length]!
      if (spent + cost > MAX_EXPANSIONS) break
      latex += `${unit})`
      spent += cost
    }
    bothAccept([latex])
    expect(inKatexSubset(`${latex}\\quad \\quad \\quad \\quad \\quad \\quad `)).toBe(false)
  })

  it('nesting: at the cap every construct parses; beyond it the recogniser does not know; KaTeX overflows far beyond', () => {
    const nests: Array<[string, string]> = [['{', '}'], ['x^{', '}'], ['\\frac{', '}{y}'], ['\\left(', '\\right)'], ['\\sqrt{', '}'], ['\\begin{pmatrix}', '\\end{pmatrix}'], ['\\mathrm{', '}'], ['\\operatorname{', '}'], ['\\rm ', '']]
    for (const [open, close] of nests) {
      bothAccept([open.repeat(MAX_LATEX_NESTING) + 'x' + close.repeat(MAX_LATEX_NESTING)])
      expect(inKatexSubset(open.repeat(MAX_LATEX_NESTING + 1) + 'x' + close.repeat(MAX_LATEX_NESTING + 1))).toBe(false)
    }
    expect(katexProblem('{'.repeat(9000) + 'x' + '}'.repeat(9000))).toMatch(/call stack/)
  })

  it('unknown commands, untrusted ones and what KaTeX accepts outside the subset are left to KaTeX', () => {
    for (const latex of ['\\foo', '\\href{x}{y}', '\\url{x}', '\\includegraphics{x}', '\\genfrac{}{}{0pt}{}{a}{b}', '\\def\\a{x}\\a', '\\verb|x|', '\\color{red}x', '\\operatorname*{x}', '\\alphax', '\\newcommand{\\c}{x}\\c', '\\boxed{x}', 'a \\over b', '\\cr'])
      expect(inKatexSubset(latex), latex).toBe(false)
  })
})

// ---- Real formulas ----

describe('the LaTeX subset on real and benchmark formulas', () => {
  it('every fixture formula and every formula of a benchmark document: recognised only where KaTeX accepts; the benchmark’s all recognised', () => {
    const fixtures = fixtureFormulas().map((latex) => latex.replace(/\r\n?/g, '\n').trim())
    expect(fixtures.length).toBeGreaterThan(20)
    for (const latex of fixtures) if (inKatexSubset(latex)) expect(katexProblem(latex), latex).toBeUndefined()
    const bench = [...generateDocument(100, 7).matchAll(/"latex":("(?:[^"\\]|\\.)*")/g)].map((match) => (JSON.parse(match[1]!) as string).trim())
    expect(bench.length).toBeGreaterThan(100)
    for (const latex of bench) {
      expect(inKatexSubset(latex), latex).toBe(true)
      expect(katexProblem(latex), latex).toBeUndefined()
    }
  })

  it('latexProblem answers a recognised formula without KaTeX or the cache, and counts it', () => {
    const before = latexCacheStats()
    expect(latexProblem('\\frac{a}{b} + \\sqrt{x^2}')).toBeUndefined()
    const after = latexCacheStats()
    expect(after.recognised - before.recognised).toBe(1)
    expect([after.hits, after.misses, after.size]).toEqual([before.hits, before.misses, before.size])
    // Too long for the verdict: refused before the recogniser is asked.
    expect(latexProblem(`x${'+x'.repeat(10_000)}`)).toMatch(/longer than/)
  })
})
