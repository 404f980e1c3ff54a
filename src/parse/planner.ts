import type {z} from 'zod'
import {ruleOfCheck} from '../model/rules.js'
import {isUrl} from '../model/formats.js'
import type {Plan, PlanCheck, PlanLiteral, PlanNode, Validator} from './plan.js'

type Schema = z.core.$ZodType
type Check = z.core.$ZodCheck
type Def = Record<string, unknown> & {type: string; checks?: Check[]; check?: string; format?: string}

const defOf = (schema: Schema | Check) => schema._zod.def as unknown as Def

/** String formats whose zod check is its pattern's `test` (zod's `$ZodCheckStringFormat`), nothing more. */
const PATTERN_FORMATS = new Set(['regex', 'datetime', 'date', 'time'])

/**
 * The plan of zod schemas (see src/parse/plan.ts): their structure and checks read from zod's
 * definitions, so zod stays the one source of truth. What the planner does not know (a node
 * type, a check, a refinement that is not one of the model's rules) becomes a `zod` node or
 * check that asks zod itself; a generated plan has none. `roots[i]` is the node of `schemas[i]`.
 */
export function planOf(schemas: Schema[]): {plan: Plan; roots: number[]} {
  const nodes: PlanNode[] = []
  const indexes = new Map<Schema, number>()
  const of = (schema: Schema): number => {
    let index = indexes.get(schema)
    if (index === undefined) {
      // Recursive schemas meet themselves: the index is taken before the children are planned.
      index = nodes.length
      indexes.set(schema, index)
      nodes.push({type: 'never'})
      nodes[index] = nodeOf(schema, of)
    }
    return index
  }
  const roots = schemas.map(of)
  return {plan: {nodes}, roots}
}

/** The node of a schema: its type rule, then its checks (a format schema, like `z.url()`, is itself its first check). */
function nodeOf(schema: Schema, of: (schema: Schema) => number): PlanNode {
  const def = defOf(schema)
  const node = structural(schema, of)
  if (node.type === 'zod') return node
  const checks = [...(def.check ? [schema as unknown as Check] : []), ...(def.checks ?? [])].map((check) => checkOf(check, def.type))
  return checks.length === 0 ? node : {...node, checks}
}

const isLiteral = (value: unknown): value is PlanLiteral =>
  value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))

function structural(schema: Schema, of: (schema: Schema) => number): PlanNode {
  const def = defOf(schema)
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'unknown':
    case 'never':
      return {type: def.type}
    case 'any':
      return {type: 'unknown'}
    case 'enum':
    case 'literal': {
      const values = def.type === 'enum' ? Object.values(def.entries as Record<string, unknown>) : (def.values as unknown[])
      return values.every(isLiteral) ? {type: def.type, values} : zodNode(schema)
    }
    case 'optional':
    case 'nullable':
      return {type: def.type, inner: of(def.innerType as Schema)}
    case 'array':
      return {type: 'array', element: of(def.element as Schema)}
    case 'tuple': {
      if (def.rest) return zodNode(schema)
      const items = def.items as Schema[]
      const required = items.map((item) => item._zod.optin === 'optional').lastIndexOf(false) + 1
      return {type: 'tuple', items: items.map(of), required}
    }
    case 'union': {
      const options = (def.options as Schema[]).map(of)
      const key = def.discriminator as string | undefined
      return key === undefined ? {type: 'union', options} : {type: 'union', options, discriminator: key}
    }
    case 'object': {
      const shape = def.shape as Record<string, Schema>
      const catchall = def.catchall as Schema | undefined
      const rest = catchall ? defOf(catchall).type : 'strip'
      return {
        type: 'object',
        fields: Object.keys(shape).map((key) => [key, of(shape[key]!)]),
        rest: rest === 'unknown' || rest === 'any' || rest === 'strip' ? 'keep' : rest === 'never' ? 'refuse' : of(catchall!)
      }
    }
    default:
      return zodNode(schema)
  }
}

function checkOf(check: Check, type: string): PlanCheck {
  const def = defOf(check) as Def & {
    value?: number
    inclusive?: boolean
    minimum?: number
    pattern?: RegExp
    when?: (payload: z.core.ParsePayload) => boolean
  }
  // A check with a condition (zod's `when`) is planned only where the condition is zod's own and
  // always holds: a length check on a string or an array (which have a length).
  if (def.when && !(def.check === 'min_length' && def.when.name === '_whenHasLength' && (type === 'string' || type === 'array')))
    return zodCheck(check)
  switch (def.check) {
    case 'greater_than':
    case 'less_than':
      return typeof def.value === 'number' ? {check: def.check, value: def.value, inclusive: def.inclusive === true} : zodCheck(check)
    case 'min_length':
      return {check: 'min_length', minimum: def.minimum!}
    case 'number_format':
      return def.format === 'safeint' ? {check: 'safeint'} : zodCheck(check)
    case 'string_format':
      if (def.format === 'url' && !('normalize' in def) && !('hostname' in def) && !('protocol' in def)) return {check: 'url'}
      // The model's own URL format (src/model/blocks.ts: `absoluteUrl`) is `isUrl` itself.
      if (def.format === 'uri' && def.fn === isUrl) return {check: 'url'}
      if (def.format === 'base64') return {check: 'base64'}
      if (def.format !== undefined && PATTERN_FORMATS.has(def.format) && def.pattern instanceof RegExp)
        return {check: 'pattern', source: def.pattern.source, flags: def.pattern.flags}
      return zodCheck(check)
    case 'custom': {
      const rule = ruleOfCheck(check)
      return rule === undefined ? zodCheck(check) : {check: 'rule', rule}
    }
    default:
      return zodCheck(check)
  }
}

/** zod's own check function, given a fresh payload: valid when it adds no issue (and its condition, if any, holds). */
function zodCheck(check: Check): PlanCheck {
  const def = defOf(check) as Def & {when?: (payload: z.core.ParsePayload) => boolean}
  // One payload for every call, emptied before it is used: its issues are read at once, and nothing keeps it
  // (an async check answers false, and zod's own parse, with its own payloads, takes over).
  const payload = {value: undefined as unknown, issues: [] as unknown[]}
  const when = def.when
  const verdict: Validator = (value) => {
    payload.value = value
    // Emptied only when filled: setting an array's length is a call into the runtime.
    if (payload.issues.length > 0) payload.issues = []
    if (when && !when(payload as z.core.ParsePayload)) return true
    const result = check._zod.check(payload as unknown as z.core.ParsePayload<never>) as unknown
    if (result instanceof Promise) return false
    return payload.issues.length === 0
  }
  return {check: 'zod', verdict}
}

function zodNode(node: Schema): PlanNode {
  const schema = node as unknown as z.ZodType
  return {type: 'zod', verdict: (value) => schema.safeParse(value).success}
}
