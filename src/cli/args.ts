import {type ParseArgsConfig, parseArgs} from 'node:util'
import {closest, distance} from 'fastest-levenshtein'
import {UsageError} from './errors.js'

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>
export type Values = Record<string, string | boolean | Array<string | boolean> | undefined>

/** `(did you mean --page-breaks?)` when a known word is close enough to be a typo. */
export function didYouMean(word: string, known: readonly string[], prefix = ''): string {
  if (known.length === 0) return ''
  const best = closest(word, known as string[])
  return distance(word, best) <= Math.max(1, Math.floor(best.length / 3)) ? ` (did you mean ${prefix}${best}?)` : ''
}

/**
 * `node:util` parseArgs, with messages that name the real flag: one line for an unknown flag
 * (with a suggestion) or a missing value. A value that starts with `-` is taken when it is `-`
 * (stdin/stdout) or a number or open range (`--pages -2`), which parseArgs calls ambiguous.
 */
export function parseCommandLine(args: readonly string[], options: OptionSpecs): {values: Values; positionals: string[]} {
  const shorts = new Map(Object.entries(options).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as const] : [])))
  const names = Object.keys(options)
  const rewritten: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--') {
      rewritten.push(...args.slice(i))
      break
    }
    const long = /^--([^=]+)(=.*)?$/.exec(arg)
    const short = /^-([^-\d])$/.exec(arg)
    if (!long && !short) {
      rewritten.push(arg)
      continue
    }
    const name = long ? long[1]! : shorts.get(short![1]!)
    if (name === undefined || !Object.hasOwn(options, name))
      throw new UsageError(`unknown option ${arg.split('=')[0]}${long ? didYouMean(long[1]!, names, '--') : ''}`)
    const flag = long ? `--${name}` : `-${short![1]}`
    if (options[name]!.type === 'boolean') {
      if (long?.[2] !== undefined) throw new UsageError(`${flag} takes no value`)
      rewritten.push(`--${name}`)
      continue
    }
    if (long?.[2] !== undefined) {
      rewritten.push(arg)
      continue
    }
    const value = args[i + 1]
    if (value === undefined || (value.startsWith('-') && value !== '-' && !/^-\d/.test(value)))
      throw new UsageError(`${flag} needs a value${value === undefined ? '' : `, got the option ${value}`}`)
    rewritten.push(`--${name}=${value}`)
    i++
  }
  try {
    const {values, positionals} = parseArgs({args: rewritten, options, allowPositionals: true, strict: true})
    return {values: values as Values, positionals}
  } catch (error) {
    // Left for parseArgs: grouped short flags (`-qo`) and the like.
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/'/g, ''))
  }
}

/** A string flag's value. */
export const text = (values: Values, name: string) => values[name] as string | undefined

/**
 * `--out`, the folder a many-file command writes into: `missing` when it is not given; an empty
 * name is refused (it resolves to the working folder, which would fill with outputs).
 */
export function outFolder(values: Values, missing: string): string {
  const out = text(values, 'out')
  if (out === undefined) throw new UsageError(missing)
  if (out.trim() === '') throw new UsageError(`--out: expected a folder, got ${JSON.stringify(out)}`)
  return out
}

/** A comma-separated list flag. */
export const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')

/** A comma-separated list whose items must be among `allowed`. */
export function listOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T[] | undefined {
  const items = list(value)
  if (items === undefined) return undefined
  if (items.length === 0) throw new UsageError(`--${flag}: expected a comma-separated list of ${allowed.join(', ')}`)
  for (const item of items) oneOf(`--${flag}`, item, allowed)
  return items as T[]
}

/** A number flag in [0, 1], written as a decimal (`0.9`, `.5`, `1`): not `0x1`, `1e-1` or `Infinity`. */
export function unitNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!/^\s*(?:\d+(?:\.\d*)?|\.\d+)\s*$/.test(value) || !(number >= 0 && number <= 1))
    throw new UsageError(`--${flag}: expected a number from 0 to 1, got ${JSON.stringify(value)}`)
  return number
}

// The most pages a list with ranges names (`1,3-5` is 4): a bound on the work a flag can ask for.
const MAX_LISTED_PAGES = 100_000

/**
 * Pages: `1,3,5`, a range `2-4` whose either end may be open (`3-`, `-2`), or a list of numbers
 * and closed ranges as a print dialog takes them (`1,3-5`); decimal page numbers ≥ 1 only.
 */
export function pagesFlag(value: string | undefined): readonly number[] | {from?: number; to?: number} | undefined {
  if (value === undefined) return undefined
  const bad = (why = '') =>
    new UsageError(
      `--pages: expected page numbers like 1,3, a range like 2-5 (open ends: 3-, -2) or both like 1,3-5${why}, got ${JSON.stringify(value)}`
    )
  const page = (digits: string) => {
    const number = Number(digits)
    if (!/^\d+$/.test(digits) || !Number.isSafeInteger(number) || number < 1) throw bad()
    return number
  }
  const range = /^(\d*)-(\d*)$/.exec(value.trim())
  if (range && (range[1] || range[2])) {
    const from = range[1] ? page(range[1]) : undefined
    const to = range[2] ? page(range[2]) : undefined
    if (from !== undefined && to !== undefined && from > to) throw bad()
    return {...(from === undefined ? {} : {from}), ...(to === undefined ? {} : {to})}
  }
  const pages: number[] = []
  for (const part of value.split(',')) {
    const [first, last, ...rest] = part.trim().split('-')
    if (rest.length > 0) throw bad()
    const from = page(first!)
    const to = last === undefined ? from : page(last)
    if (from > to) throw bad()
    if (to - from >= MAX_LISTED_PAGES - pages.length) throw bad(` (at most ${MAX_LISTED_PAGES.toLocaleString('en')} pages in a list; a lone range has no bound)`)
    for (let number = from; number <= to; number++) pages.push(number)
  }
  return [...new Set(pages)]
}

/** A whole-number flag ≥ `min`. */
export function wholeNumber(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (value.trim() === '' || !Number.isSafeInteger(number) || number < min)
    throw new UsageError(`--${flag}: expected a whole number ≥ ${min}, got ${JSON.stringify(value)}`)
  return number
}

/** One of a fixed set of values; `label` names it in the message (`--images`, `schema`). */
export function oneOf<T extends string>(label: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${label}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}${didYouMean(value, allowed)}`)
  return value as T
}
