import {z} from 'zod'

/** Answers whether a value is valid, without copying it or collecting issues. */
export type Validator = (value: unknown) => boolean

type Schema = z.core.$ZodType
type Check = z.core.$ZodCheck
type Def = Record<string, unknown> & {type: string; checks?: Check[]; check?: string; format?: string}

const defOf = (schema: Schema | Check) => schema._zod.def as unknown as Def

/**
 * A validator made from a zod schema: the same verdict as `schema.safeParse(value).success`, many
 * times faster on documents, because it neither copies the value nor builds issues. zod stays
 * the one source of truth: the structure is read from the schema's definition, and every check that
 * is not one of the plain bounds below (refinements, URL and date formats, …) runs zod's own check
 * function; a node of a kind not known here is handed to zod whole. Callers hand failures to zod
 * for the issues, so issues are zod's, byte for byte.
 *
 * The structure becomes JavaScript source, compiled once: a function for each object and union
 * (each block type's is one), with its fields' rules written inline as plain statements. V8 then
 * optimizes a block's whole check as one function, where a tree of closures made every field an
 * indirect call: validation of the 1,000-page bench document takes a third of the time. Only the
 * schema's own keys and literals are written into the source, as JSON strings; the values the code
 * needs (zod's checks, sets, patterns) are passed in, never written. Where code generation is not
 * allowed (a strict Content Security Policy, zod's `jitless`), the verdict is zod's own parse, as
 * for zod's own compiled schemas.
 */
export function createValidator(schema: Schema): Validator {
  if (!z.core.util.allowsEval.value) return zodVerdict(schema)
  const constants: unknown[] = []
  const constant = (value: unknown) => `c${constants.push(value) - 1}`
  const names = new Map<Schema, string>()
  const functions: string[] = []
  let variables = 0
  const code: Code = {
    constant,
    local: () => `x${variables++}`,
    call(node) {
      let name = names.get(node)
      if (name === undefined) {
        // Named before its body is written: recursive schemas meet themselves.
        name = `v${names.size}`
        names.set(node, name)
        functions.push(`function ${name}(value) {\n  ${rules(node, 'value', code).join('\n  ')}\n  return true\n}`)
      }
      return name
    },
    check: (node, value) => (OWN_FUNCTION.has(defOf(node).type) ? [`if (!${code.call(node)}(${value})) return false`] : rules(node, value, code))
  }
  const root = code.call(schema)
  const source = [...constants.map((_, i) => `const c${i} = constants[${i}]`), ...functions, `return ${root}`].join('\n')
  return new Function('constants', source)(constants) as Validator
}

/** What the parts of the generated source are made with. */
interface Code {
  /** The name under which the source sees a value. */
  constant(value: unknown): string
  /** A fresh variable name. */
  local(): string
  /** The name of a node's function (written on first use). */
  call(node: Schema): string
  /** Statements that return false when the variable `value` does not hold a valid `node`: inline, or a call of its function. */
  check(node: Schema, value: string): string[]
}

/**
 * Nodes with a function of their own, called where they occur: objects and unions (each block
 * type's object is one function, which V8 optimizes as a whole), and what zod checks. Everything
 * else is written inline in the function of the object that holds it, as plain statements.
 */
const OWN_FUNCTION = new Set(['object', 'union'])

/** The node's type rule, then its checks: statements that return false when `value` (a variable) fails them. */
function rules(node: Schema, value: string, code: Code): string[] {
  return [...structural(node, value, code), ...checksOf(node, value, code.constant)]
}

const notRecord = (value: string) => `typeof ${value} !== 'object' || ${value} === null || Array.isArray(${value})`

/** The node's own type rule (an object's keys, an array's items, a string's type, …). */
function structural(node: Schema, value: string, code: Code): string[] {
  const def = defOf(node)
  switch (def.type) {
    case 'string':
      return [`if (typeof ${value} !== 'string') return false`]
    case 'number':
      return [`if (typeof ${value} !== 'number' || !Number.isFinite(${value})) return false`]
    case 'boolean':
      return [`if (typeof ${value} !== 'boolean') return false`]
    case 'null':
      return [`if (${value} !== null) return false`]
    case 'unknown':
    case 'any':
      return []
    case 'never':
      return [`return false`]
    case 'enum':
      return [`if (!${code.constant(new Set(Object.values(def.entries as Record<string, unknown>)))}.has(${value})) return false`]
    case 'literal':
      return [`if (!${code.constant(new Set(def.values as unknown[]))}.has(${value})) return false`]
    case 'optional':
      return [`if (${value} !== undefined) {`, ...indent(code.check(def.innerType as Schema, value)), `}`]
    case 'nullable':
      return [`if (${value} !== null) {`, ...indent(code.check(def.innerType as Schema, value)), `}`]
    case 'array': {
      const [i, item] = [code.local(), code.local()]
      return [
        `if (!Array.isArray(${value})) return false`,
        `for (let ${i} = 0; ${i} < ${value}.length; ${i}++) {`,
        `  const ${item} = ${value}[${i}]`,
        ...indent(code.check(def.element as Schema, item)),
        `}`
      ]
    }
    case 'tuple':
      return def.rest ? [`if (!${code.constant(zodVerdict(node))}(${value})) return false`] : tupleOf(def, value, code)
    case 'union':
      return unionOf(def, value, code)
    case 'object':
      return objectOf(def, value, code)
    default:
      return [`if (!${code.constant(zodVerdict(node))}(${value})) return false`]
  }
}

const indent = (lines: string[]) => lines.map((line) => `  ${line}`)

/** Each part's rules on a variable of its own: `const x1 = value["id"]`, then the rules on `x1`. */
function part(node: Schema, expression: string, code: Code): string[] {
  const variable = code.local()
  return [`const ${variable} = ${expression}`, ...code.check(node, variable)]
}

function tupleOf(def: Def, value: string, code: Code): string[] {
  const items = def.items as Schema[]
  const required = items.map((item) => item._zod.optin === 'optional').lastIndexOf(false) + 1
  return [
    `if (!Array.isArray(${value}) || ${value}.length > ${items.length} || ${value}.length < ${required}) return false`,
    ...items.flatMap((item, i) => part(item, `${value}[${i}]`, code))
  ]
}

function unionOf(def: Def, value: string, code: Code): string[] {
  const options = def.options as Schema[]
  const key = def.discriminator as string | undefined
  // A discriminated union picks its option by the key's literal value: one switch, not a scan.
  const byKey = key === undefined ? undefined : optionsByKey(options, key)
  if (byKey === undefined) return [`if (!(${options.map((option) => `${code.call(option)}(${value})`).join(' || ')})) return false`]
  return [
    `if (${notRecord(value)}) return false`,
    `switch (${value}[${JSON.stringify(key)}]) {`,
    ...[...byKey].map(([literal, option]) => `  case ${JSON.stringify(literal)}: if (!${code.call(option)}(${value})) return false; break`),
    `  default: return false`,
    `}`
  ]
}

/** Each string literal of the discriminator key → its option; undefined when the options are not all keyed by string literals. */
function optionsByKey(options: Schema[], key: string): Map<string, Schema> | undefined {
  const byKey = new Map<string, Schema>()
  for (const option of options) {
    const field = defOf(option).type === 'object' ? (defOf(option).shape as Record<string, Schema>)[key] : undefined
    if (!field || defOf(field).type !== 'literal' || defOf(field).checks?.length) return undefined
    for (const literal of defOf(field).values as unknown[]) {
      if (typeof literal !== 'string' || byKey.has(literal)) return undefined
      byKey.set(literal, option)
    }
  }
  return byKey
}

function objectOf(def: Def, value: string, code: Code): string[] {
  const shape = def.shape as Record<string, Schema>
  const keys = Object.keys(shape)
  const fields = [`if (${notRecord(value)}) return false`, ...keys.flatMap((key) => part(shape[key]!, `${value}[${JSON.stringify(key)}]`, code))]
  // Unknown keys: kept (lenient), refused (strict), or checked against a catch-all schema.
  const catchall = def.catchall as Schema | undefined
  const rest = catchall ? defOf(catchall).type : 'strip'
  if (rest === 'unknown' || rest === 'any' || rest === 'strip') return fields
  const other = rest === 'never' ? 'false' : `${code.call(catchall!)}(${value}[key])`
  return [...fields, `for (const key of Object.keys(${value})) if (!${code.constant(new Set(keys))}.has(key) && !${other}) return false`]
}

/** The node's checks, after its type rule: plain bounds natively, anything else by zod's check. */
function checksOf(node: Schema, value: string, constant: Constant): string[] {
  const def = defOf(node)
  // A format schema (z.int(), z.url(), z.base64(), …) is itself its first check.
  const checks = [...(def.check ? [node as unknown as Check] : []), ...(def.checks ?? [])]
  return checks.map((check) => {
    const when = (defOf(check) as {when?: (payload: z.core.ParsePayload) => boolean}).when
    const verdict = verdictOf(check, value, constant)
    if (!when) return `if (!(${verdict})) return false`
    // A check with a condition (zod's `when`: a length check's is that the value has a length) runs
    // only where it holds, asked with one payload for every call (read at once, kept by nothing).
    const payload = {value: undefined as unknown, issues: [] as unknown[]}
    const holds = (checked: unknown) => {
      payload.value = checked
      return when(payload as z.core.ParsePayload)
    }
    return `if (${constant(holds)}(${value}) && !(${verdict})) return false`
  })
}

type Constant = Code['constant']

/** The check's own verdict, its condition aside (see `checksOf`): an expression over the variable `value`. */
function verdictOf(check: Check, value: string, constant: Constant): string {
  const def = defOf(check) as Def & {value?: unknown; inclusive?: boolean; minimum?: number; pattern?: RegExp}
  switch (def.check) {
    case 'greater_than':
      return `${value} ${def.inclusive ? '>=' : '>'} ${constant(def.value)}`
    case 'less_than':
      return `${value} ${def.inclusive ? '<=' : '<'} ${constant(def.value)}`
    case 'min_length':
      return `${value}.length >= ${constant(def.minimum)}`
    case 'number_format':
      if (def.format === 'safeint') return `Number.isSafeInteger(${value})`
      break
    case 'string_format':
      if (def.format === 'regex' && def.pattern instanceof RegExp && !def.pattern.global && !def.pattern.sticky)
        return `${constant(def.pattern)}.test(${value})`
      break
  }
  return `${constant(zodCheck(check))}(${value})`
}

/** zod's own check function, given a fresh payload: valid when it adds no issue. */
function zodCheck(check: Check): Validator {
  // One payload for every call: its issues are read at once, and nothing keeps it (an async check
  // answers false, and zod's own parse, with its own payloads, takes over).
  const payload = {value: undefined as unknown, issues: [] as unknown[]}
  return (value) => {
    payload.value = value
    // Emptied only when filled: setting an array's length is a call into the runtime.
    if (payload.issues.length > 0) payload.issues = []
    const result = check._zod.check(payload as unknown as z.core.ParsePayload<never>) as unknown
    if (result instanceof Promise) return false
    return payload.issues.length === 0
  }
}

function zodVerdict(node: Schema): Validator {
  const schema = node as unknown as z.ZodType
  return (value) => schema.safeParse(value).success
}
