// A fast, conservative verdict on math LaTeX: true when the formula lies in a common subset that
// KaTeX 0.18.4 (pinned) certainly accepts under the renderer's settings (throwOnError, no trusted
// command, strict 'ignore', maxExpand 1000, output 'mathml'); false means "don't know", and KaTeX
// decides as before. One linear pass over the characters, no regular expression, no allocation
// beyond the names of control words. Every rule below mirrors what KaTeX's Lexer, MacroExpander and
// Parser do (cited by function name); test/render/latex-subset.test.ts holds the subset to KaTeX's
// own verdict, command by command and on generated LaTeX.

/**
 * Nesting beyond this is left to KaTeX: its parser recurses, and on Node's default stack about
 * 940–2,000 levels (by construct: `\frac{` the heaviest per level, `{` the lightest) overflow it,
 * which is a refusal; 64 leaves a wide margin for callers deep in their own stack. (A run of
 * `\dots` recurses too, once per macro; the expansion budget keeps it under 170: 64 `\frac{` with
 * such a run needs about a quarter of the default stack, as measured by review.)
 */
export const MAX_LATEX_NESTING = 64
/** KaTeX's `maxExpand` in the renderer's settings: macro expansions a formula may cost in all. */
export const MAX_EXPANSIONS = 1000

/**
 * What a command is to KaTeX's parser, and so where it may stand: a symbol (symbols.ts: an atom, a
 * script or an argument on its own, `x^\alpha`, `\frac\pi2`); an op (a zero-argument "op" function,
 * `\sum`, `\lim`, `\sin`: an atom that takes scripts and `\limits`); a function of one or two
 * arguments (`\mathbf`, `\hat`; `\frac`, `\binom`); `\sqrt` (an optional index, then an argument);
 * text (`\text{…}`, one braced argument in text mode); a switch that takes the rest of its group
 * (`\displaystyle`, `\rm`); big (`\big(`: one delimiter); `\left`, `\middle`, `\begin`;
 * `\operatorname{…}` (a macro of 3 expansions around a function of one braced argument); a macro of
 * no argument (its cost in `MACRO_COST`; never scripted, never an argument); the control space `\ `
 * (here never scripted nor an argument).
 */
export type CommandKind = 'space' | 'symbol' | 'op' | 'arg1' | 'arg2' | 'sqrt' | 'text' | 'switch' | 'big' | 'left' | 'middle' | 'begin' | 'operatorname' | 'macro'

const words = (kind: CommandKind, names: string): Array<[string, CommandKind]> => names.trim().split(/\s+/).map((name) => [name, kind])

// Symbols in math mode (symbols.ts: mathord, textord, bin, rel, open, close, punct, inner), none of
// them also a function or macro (those come first in KaTeX's lookup).
const SYMBOLS = `
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa lambda mu nu xi
omicron pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega digamma
Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
infty partial nabla hbar hslash ell wp Re Im aleph beth gimel forall exists nexists emptyset varnothing
prime backprime angle measuredangle top bot neg lnot flat natural sharp surd triangle Box Diamond
clubsuit diamondsuit heartsuit spadesuit dag ddag S P degree complement mho eth
pm mp times div cdot ast star circ bullet oplus ominus otimes oslash odot cap cup sqcap sqcup uplus
vee wedge land lor setminus smallsetminus wr amalg dagger ddagger diamond bigcirc bigtriangleup
bigtriangledown triangleleft triangleright lhd rhd unlhd unrhd intercal ltimes rtimes boxplus
boxminus boxtimes boxdot dotplus centerdot
leq le geq ge lt gt ll gg lll ggg leqq geqq leqslant geqslant lesssim gtrsim lessapprox gtrapprox
equiv sim simeq approx approxeq cong propto varpropto asymp doteq prec succ preceq succeq precsim succsim
subset supset subseteq supseteq subsetneq supsetneq sqsubset sqsupset sqsubseteq sqsupseteq in ni owns
mid nmid parallel nparallel perp models vdash dashv vDash Vdash smile frown bowtie Join therefore because
nleq ngeq nless ngtr nsim ncong nsubseteq nsupseteq triangleq eqsim backsim thicksim thickapprox
gets to leftarrow rightarrow leftrightarrow Leftarrow Rightarrow Leftrightarrow longleftarrow
longrightarrow longleftrightarrow Longleftarrow Longrightarrow Longleftrightarrow mapsto longmapsto
uparrow downarrow updownarrow Uparrow Downarrow Updownarrow nearrow searrow swarrow nwarrow
hookleftarrow hookrightarrow leftharpoonup leftharpoondown rightharpoonup rightharpoondown
rightleftharpoons leftrightharpoons twoheadrightarrow twoheadleftarrow rightrightarrows leftleftarrows
leadsto nrightarrow nleftarrow nRightarrow nLeftarrow
langle rangle lbrace rbrace lbrack rbrack lparen rparen lfloor rfloor lceil rceil lvert rvert lVert rVert
vert Vert lgroup rgroup lmoustache rmoustache backslash
ldots ddots cdotp ldotp
`

/** The commands of the subset by name (without the backslash), and what each is. */
export const COMMANDS: ReadonlyMap<string, CommandKind> = new Map<string, CommandKind>([
  ...words('symbol', SYMBOLS),
  // Control symbols that are math symbols, and KaTeX's control space (Lexer: "\\ ", a spacing symbol).
  ...words('symbol', '{ } | # % & _ $'),
  [' ', 'space'],
  ...words(
    'op',
    `sum prod coprod int iint iiint oint oiint oiiint bigcup bigcap bigvee bigwedge bigoplus bigotimes bigodot biguplus
     bigsqcup lim sup inf max min det gcd Pr log ln lg exp sin cos tan cot sec csc sinh cosh tanh coth
     arcsin arccos arctan arg deg dim hom ker`
  ),
  ...words(
    'arg1',
    `mathrm mathbf mathit mathsf mathtt mathcal mathbb mathfrak mathscr mathnormal boldsymbol bm
     hat bar vec tilde dot ddot acute grave breve check widehat widetilde overrightarrow overleftarrow
     overline underline overbrace underbrace`
  ),
  ...words('arg2', 'frac dfrac tfrac binom dbinom tbinom overset underset stackrel'),
  ['sqrt', 'sqrt'],
  ...words('text', 'text textrm textbf textit textsf texttt textnormal'),
  ...words('switch', 'displaystyle textstyle scriptstyle scriptscriptstyle rm bf it sf tt cal'),
  ...words('big', 'big Big bigg Bigg bigl Bigl biggl Biggl bigr Bigr biggr Biggr bigm Bigm biggm Biggm'),
  ['left', 'left'],
  ['middle', 'middle'],
  ['begin', 'begin'],
  ['operatorname', 'operatorname'],
  ...words('macro', ', ; : ! quad qquad cdots dots vdots neq ne notin')
])

/**
 * The most expansions each macro can cost (macros.ts, followed through): `\,` → `\tmspace` →
 * `\TextOrMath` (3); `\cdots` is 1, or 4 with a `\,` before a closing token; `\dots` picks `\dotsi`
 * (`\!\cdots`) at worst, 6; `\neq` 4, `\ne` (→ `\neq`) 5, `\notin` 2; `\quad`, `\qquad`, `\vdots` and
 * the active `~` 1; `\operatorname` 3.
 */
export const MACRO_COST: ReadonlyMap<string, number> = new Map([
  [',', 3], [';', 3], [':', 3], ['!', 3], ['quad', 1], ['qquad', 1], ['cdots', 4], ['dots', 6],
  ['vdots', 1], ['neq', 4], ['ne', 5], ['notin', 2], ['~', 1], ['operatorname', 3]
])

/** Delimiters of `\left`, `\right`, `\middle` and `\big` (delimsizing.ts `delimiters`), as commands. */
const DELIMITER_COMMANDS = new Set(
  `{ } | lbrace rbrace langle rangle lfloor rfloor lceil rceil vert Vert lvert rvert lVert rVert backslash
   uparrow downarrow updownarrow Uparrow Downarrow Updownarrow lgroup rgroup lmoustache rmoustache
   lbrack rbrack lparen rparen lt gt`.trim().split(/\s+/)
)

/** Environments of the array family that need no display mode and take no optional argument. */
const ENVIRONMENTS = new Set(['matrix', 'pmatrix', 'bmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'smallmatrix', 'cases', 'aligned', 'gathered', 'array'])

// Character classes by code (ASCII only). A nucleus: letters, digits and the punctuation that is a
// math symbol (symbols.ts); `'` is a prime and `^ _` scripts, so neither is a nucleus. As an
// argument or script on its own, `[` and `]` are left out (`]` ends a \sqrt index; `[` after
// \sqrt or \\ opens an optional argument). Only those two take an optional `[…]` here: a command
// added with one (`\xrightarrow`, `\rule`, `\smash`) must teach the recognizer its `[` first.
const NUCLEUS = new Uint8Array(128)
const ARGUMENT = new Uint8Array(128)
const DELIMITER = new Uint8Array(128)
const TEXT = new Uint8Array(128)
const INDEX = new Uint8Array(128)
const LETTER = new Uint8Array(128)
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c)
  const alnum = /[A-Za-z0-9]/.test(ch)
  NUCLEUS[c] = alnum || '!"*+,-./:;<=>?@()[]|`'.includes(ch) ? 1 : 0
  ARGUMENT[c] = NUCLEUS[c]! && ch !== '[' && ch !== ']' ? 1 : 0
  DELIMITER[c] = '()[]<>/|.'.includes(ch) ? 1 : 0
  // Text mode (\text{…}): characters symbols.ts defines in text mode, and whitespace.
  TEXT[c] = alnum || ' \t\r\n!"\'()*+,-./:;<=>?@[]`|'.includes(ch) ? 1 : 0
  INDEX[c] = alnum || ' +-'.includes(ch) ? 1 : 0
  LETTER[c] = /[A-Za-z@]/.test(ch) ? 1 : 0
}

const SPACE = 32, TAB = 9, LF = 10, CR = 13, BACKSLASH = 92, OPEN = 123, CLOSE = 125, CARET = 94, UNDERSCORE = 95
const PRIME = 39, AMPERSAND = 38, TILDE = 126, BRACKET = 91, BRACKET_CLOSE = 93

/** What `atom` answers for a switch. */
const SWITCH = 2

/** Where an expression stands, which decides the token that ends it. */
const enum Context {
  Top,
  /** `{…}`, a braced argument: ends at `}`. */
  Group,
  /** `\left … \right`: ends at `\right`. */
  LeftRight,
  /** An array cell: ends at `&`, `\\` or `\end`. */
  Cell
}

/**
 * True when KaTeX certainly accepts the LaTeX under the renderer's settings; false when this
 * recognizer does not know (KaTeX may accept or refuse it). Never true for a formula KaTeX refuses.
 * The length cap (`MAX_LATEX_LENGTH`) is the caller's: `latexProblem` applies it first.
 */
export function inKatexSubset(latex: string): boolean {
  return new Recognizer(latex).formula()
}

class Recognizer {
  private i = 0
  private budget = MAX_EXPANSIONS
  /** Open `\left`s (KaTeX's `leftrightDepth`): `\middle` needs one. */
  private lefts = 0
  private readonly n: number

  constructor(private readonly s: string) {
    this.n = s.length
  }

  formula(): boolean {
    return this.expression(Context.Top, 0) && this.i === this.n
  }

  private skipSpaces(): void {
    const s = this.s
    while (this.i < this.n) {
      const c = s.charCodeAt(this.i)
      if (c !== SPACE && c !== LF && c !== TAB && c !== CR) return
      this.i++
    }
  }

  /**
   * Reads the control sequence at `\` (Lexer): a control word (`\[a-zA-Z@]+`, then any whitespace,
   * which the lexer eats) or a control symbol (`\` and one character; `\` and whitespace is the
   * control space, named ' '). Undefined for anything else (end of input, non-ASCII).
   */
  private controlSequence(): string | undefined {
    const s = this.s
    let j = this.i + 1
    if (j >= this.n) return undefined
    const c = s.charCodeAt(j)
    if (c >= 128) return undefined
    if (LETTER[c]) {
      while (j < this.n && s.charCodeAt(j) < 128 && LETTER[s.charCodeAt(j)]) j++
      const name = s.slice(this.i + 1, j)
      this.i = j
      this.skipSpaces()
      return name
    }
    this.i = j + 1
    if (c === SPACE || c === TAB || c === LF || c === CR) {
      this.skipSpaces() // in math mode the whitespace after a control space is skipped anyway
      return ' '
    }
    return c < 32 || c === 127 ? undefined : s[j]
  }

  /** Whether the control word `\word` (whole) stands at the position; nothing consumed. */
  private wordAt(word: string): boolean {
    const after = this.i + 1 + word.length
    if (!this.s.startsWith(word, this.i + 1)) return false
    if (after >= this.n) return true // (not read: a read past the end costs the optimised code)
    const c = this.s.charCodeAt(after)
    return !(c < 128 && LETTER[c])
  }

  /**
   * Parser.parseExpression: atoms until the token that ends this context (left unconsumed). A
   * switch (`\rm`) parses the rest of the expression inside its own call, so a run of them nests
   * in KaTeX like groups do: each counts as a level.
   */
  private expression(context: Context, depth: number): boolean {
    const s = this.s
    for (;;) {
      if (depth > MAX_LATEX_NESTING) return false
      this.skipSpaces()
      if (this.i >= this.n) return context === Context.Top
      const c = s.charCodeAt(this.i)
      if (c === CLOSE) return context === Context.Group
      if (c === AMPERSAND) return context === Context.Cell
      if (c === BACKSLASH) {
        if (s.charCodeAt(this.i + 1) === BACKSLASH || this.wordAt('end')) return context === Context.Cell
        if (this.wordAt('right')) return context === Context.LeftRight
      }
      const atom = this.atom(depth)
      if (atom === SWITCH) depth++
      else if (!atom) return false
    }
  }

  /** Parser.parseAtom: a nucleus and its scripts; SWITCH for a switch (which takes no script of its own). */
  private atom(depth: number): boolean | typeof SWITCH {
    const s = this.s
    const c = s.charCodeAt(this.i)
    if (c === CARET || c === UNDERSCORE) return this.scripts(false, depth) // an empty nucleus (`^2`, `_{1}F`)
    if (c === OPEN) return this.group(depth) && this.scripts(false, depth)
    if (c === TILDE) return this.macro('~')
    if (c < 128 && NUCLEUS[c]) {
      this.i++
      return this.scripts(false, depth)
    }
    if (c !== BACKSLASH) return false
    const name = this.controlSequence()
    if (name === undefined) return false
    switch (COMMANDS.get(name)) {
      case 'symbol':
        return this.scripts(false, depth)
      case 'space':
        return this.unscripted()
      case 'op':
        return this.scripts(true, depth)
      case 'arg1':
        return this.argument(depth) && this.scripts(false, depth)
      case 'arg2':
        return this.argument(depth) && this.argument(depth) && this.scripts(false, depth)
      case 'sqrt':
        return this.sqrt(depth) && this.scripts(false, depth)
      case 'text':
        return this.text() && this.scripts(false, depth)
      case 'switch':
        return SWITCH
      case 'big':
        return this.delimiter() && this.scripts(false, depth)
      case 'left':
        return this.leftRight(depth) && this.scripts(false, depth)
      case 'middle':
        return this.lefts > 0 && this.delimiter() && this.unscripted()
      case 'begin':
        return this.environment(depth) && this.scripts(false, depth)
      case 'operatorname':
        this.skipSpaces()
        return this.spend('operatorname') && s.charCodeAt(this.i) === OPEN && this.group(depth) && this.scripts(false, depth)
      case 'macro':
        return this.macro(name)
      default:
        return false
    }
  }

  private spend(name: string): boolean {
    this.budget -= MACRO_COST.get(name)!
    return this.budget >= 0
  }

  /** A macro: its expansions counted; it takes no script (its expansion may end in `\relax`). */
  private macro(name: string): boolean {
    if (name === '~') this.i++
    return this.spend(name) && this.unscripted()
  }

  private unscripted(): boolean {
    this.skipSpaces()
    const c = this.s.charCodeAt(this.i)
    return c !== CARET && c !== UNDERSCORE && c !== PRIME
  }

  /** `{` expression `}` (at `{`). */
  private group(depth: number): boolean {
    this.i++
    if (!this.expression(Context.Group, depth + 1)) return false
    if (this.s.charCodeAt(this.i) !== CLOSE) return false
    this.i++
    return true
  }

  /**
   * The scripts after a nucleus (Parser.parseAtom): one `^` and one `_`, primes counting as the
   * superscript (`x'^2` but not `x^2'`, "Double superscript"), `\limits`/`\nolimits` after an op.
   */
  private scripts(op: boolean, depth: number): boolean {
    const s = this.s
    let sup = false
    let sub = false
    for (;;) {
      this.skipSpaces()
      if (this.i === this.n) return true
      const c = s.charCodeAt(this.i)
      if (c === CARET || c === UNDERSCORE) {
        if (c === CARET ? sup : sub) return false
        this.i++
        if (!this.argument(depth)) return false
        if (c === CARET) sup = true
        else sub = true
      } else if (c === PRIME) {
        if (sup) return false
        // Primes run on without spaces, and a `^` right after them joins them (no space either).
        while (s.charCodeAt(this.i) === PRIME) this.i++
        if (s.charCodeAt(this.i) === CARET) {
          this.i++
          if (!this.argument(depth)) return false
        }
        sup = true
      } else if (c === BACKSLASH && op) {
        const start = this.i
        const name = this.controlSequence()
        if (name !== 'limits' && name !== 'nolimits') {
          this.i = start
          return true
        }
      } else {
        return true
      }
    }
  }

  /**
   * An argument: a braced group, or on its own a symbol character or symbol command (consumeArg
   * takes one token; parseGroup a symbol). A function is never an argument on its own here.
   */
  private argument(depth: number): boolean {
    this.skipSpaces()
    const c = this.s.charCodeAt(this.i)
    if (c === OPEN) return this.group(depth)
    if (c < 128 && ARGUMENT[c]) {
      this.i++
      return true
    }
    if (c !== BACKSLASH) return false
    const name = this.controlSequence()
    return name !== undefined && COMMANDS.get(name) === 'symbol'
  }

  /** `\sqrt` then an optional index of letters, digits, `+`, `-` in `[…]`, then an argument. */
  private sqrt(depth: number): boolean {
    const s = this.s
    this.skipSpaces()
    if (s.charCodeAt(this.i) === BRACKET) {
      this.i++
      for (;;) {
        const c = s.charCodeAt(this.i)
        if (c === BRACKET_CLOSE) break
        if (!(c < 128 && INDEX[c])) return false
        this.i++
      }
      this.i++
    }
    return this.argument(depth)
  }

  /** `{` text `}`: plain text characters only (no command, brace, `~`, `%`, `$`, `^`, `_`). */
  private text(): boolean {
    const s = this.s
    this.skipSpaces()
    if (s.charCodeAt(this.i) !== OPEN) return false
    this.i++
    for (;;) {
      if (this.i >= this.n) return false
      const c = s.charCodeAt(this.i)
      if (c === CLOSE) break
      if (!(c < 128 && TEXT[c])) return false
      this.i++
    }
    this.i++
    return true
  }

  /** A delimiter of `\left`, `\right`, `\middle`, `\big`: a character or a command of the set. */
  private delimiter(): boolean {
    this.skipSpaces()
    const c = this.s.charCodeAt(this.i)
    if (c < 128 && DELIMITER[c]) {
      this.i++
      return true
    }
    if (c !== BACKSLASH) return false
    const name = this.controlSequence()
    return name !== undefined && DELIMITER_COMMANDS.has(name)
  }

  /** `\left` D expression `\right` D. */
  private leftRight(depth: number): boolean {
    if (!this.delimiter()) return false
    this.lefts++
    if (!this.expression(Context.LeftRight, depth + 1)) return false
    this.controlSequence() // \right, where the expression stopped
    this.lefts--
    return this.delimiter()
  }

  /** `{name}` right at the position: the name of an environment, exactly (no space inside). */
  private environmentName(): string | undefined {
    const s = this.s
    this.skipSpaces()
    if (s.charCodeAt(this.i) !== OPEN) return undefined
    const start = this.i + 1
    let j = start
    while (j < this.n && s.charCodeAt(j) < 128 && LETTER[s.charCodeAt(j)] && s.charCodeAt(j) !== 64) j++
    if (j === start || s.charCodeAt(j) !== CLOSE) return undefined
    this.i = j + 1
    return s.slice(start, j)
  }

  /**
   * `\begin{name}` cells `\end{name}` (environments/array.ts parseArray): cells split by `&` and
   * `\\`; a `[` after `\\` would be read as a row gap, so it is left to KaTeX. `array` takes a
   * column specification of `l`, `c`, `r` and `|`.
   */
  private environment(depth: number): boolean {
    const s = this.s
    const name = this.environmentName()
    if (name === undefined || !ENVIRONMENTS.has(name)) return false
    if (name === 'array') {
      this.skipSpaces()
      if (s.charCodeAt(this.i) !== OPEN) return false
      let j = this.i + 1
      while (j < this.n && 'lcr|'.includes(s[j]!)) j++
      if (j === this.i + 1 || s.charCodeAt(j) !== CLOSE) return false
      this.i = j + 1
    }
    for (;;) {
      if (!this.expression(Context.Cell, depth + 1)) return false
      if (s.charCodeAt(this.i) === AMPERSAND) {
        this.i++
        continue
      }
      const end = this.controlSequence()
      if (end === '\\') {
        // No skipSpaces before the check: controlSequence does not skip after a control symbol.
        const after = this.i
        this.skipSpaces()
        if (s.charCodeAt(this.i) === BRACKET) return false
        this.i = after
        continue
      }
      // \end: the same name, exactly.
      return this.environmentName() === name
    }
  }
}
