// A validator's plan: the structure and checks of a schema as plain data (made from zod's
// definitions by `planOf`, src/parse/planner.ts), and the interpreter that makes a validator of
// it without zod. The library plans its schemas at run time; the CLI validates with the lenient
// model's plan compiled to code at build time (src/parse/lenient-validator.ts, by
// scripts/compile-plan.ts), so a valid document never loads zod.
import {isBase64, isUrl} from '../model/formats.js'
import {type Rule, type RuleName, rules} from '../model/rules.js'

/** Answers whether a value is valid, without copying it or collecting issues. */
export type Validator = (value: unknown) => boolean

/** A value a literal or enum node accepts. */
export type PlanLiteral = string | number | boolean | null

/** A check run after its node's type rule, in order; the value has the node's type. */
export type PlanCheck =
  | {check: 'greater_than' | 'less_than'; value: number; inclusive: boolean}
  | {check: 'min_length'; minimum: number}
  | {check: 'safeint'}
  /** A regular expression zod tests (regex, datetime, …): `lastIndex` reset, then `test`. */
  | {check: 'pattern'; source: string; flags: string}
  | {check: 'url'}
  | {check: 'base64'}
  /** One of the model's own rules (src/model/rules.ts). */
  | {check: 'rule'; rule: RuleName}
  /** A check the planner does not know: zod's own check function (never in a generated plan). */
  | {check: 'zod'; verdict: Validator}

/** A node of the plan; children are indexes into `Plan.nodes` (a schema used twice is one node). */
export type PlanNode = (
  | {type: 'string' | 'number' | 'boolean' | 'null' | 'unknown' | 'never'}
  | {type: 'enum' | 'literal'; values: PlanLiteral[]}
  | {type: 'optional' | 'nullable'; inner: number}
  | {type: 'array'; element: number}
  /** `required`: how many leading items must be present (the rest are optional). */
  | {type: 'tuple'; items: number[]; required: number}
  | {type: 'union'; options: number[]; discriminator?: string}
  /** `rest`: what other keys may hold: anything (`keep`), nothing (`refuse`), or a node. */
  | {type: 'object'; fields: Array<[key: string, node: number]>; rest: 'keep' | 'refuse' | number}
  /** A schema the planner does not know: zod's verdict on it (never in a generated plan). */
  | {type: 'zod'; verdict: Validator}
) & {checks?: PlanCheck[]}

export interface Plan {
  nodes: PlanNode[]
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The validator of the plan's node `root`: the verdict zod gives on the schema the plan was made
 * from (`schema.safeParse(value).success`), without zod, without copying the value, without
 * building issues. Validators of one plan share their nodes' closures: make them with one
 * `validatorsOf(plan)`.
 */
export function validatorsOf(plan: Plan): (root: number) => Validator {
  const made = new Map<number, Validator>()
  const of = (index: number): Validator => {
    let validator = made.get(index)
    if (!validator) {
      // Recursive plans meet themselves: the entry is filled in before the children are made.
      let inner: Validator = () => false
      made.set(index, (value) => inner(value))
      const node = plan.nodes[index]!
      inner = withChecks(node, structural(plan, node, of))
      validator = inner
      made.set(index, validator)
    }
    return validator
  }
  return of
}

/** Whether a node is a bare `type`, checked by its type alone. */
const isPlain = (node: PlanNode, type: 'string' | 'number') => node.type === type && !node.checks?.length

/** The node's own type rule (an object's keys, an array's items, a string's type, …). */
function structural(plan: Plan, node: PlanNode, of: (index: number) => Validator): Validator {
  switch (node.type) {
    case 'string':
      return (value) => typeof value === 'string'
    case 'number':
      return (value) => typeof value === 'number' && Number.isFinite(value)
    case 'boolean':
      return (value) => typeof value === 'boolean'
    case 'null':
      return (value) => value === null
    case 'unknown':
      return () => true
    case 'never':
      return () => false
    case 'enum':
    case 'literal': {
      const values = new Set<unknown>(node.values)
      return (value) => values.has(value)
    }
    case 'optional': {
      const inner = of(node.inner)
      return (value) => value === undefined || inner(value)
    }
    case 'nullable': {
      const inner = of(node.inner)
      return (value) => value === null || inner(value)
    }
    case 'array': {
      // An array of plain strings (table cells, headers, categories): each item tested here, not called.
      if (isPlain(plan.nodes[node.element]!, 'string'))
        return (value) => {
          if (!Array.isArray(value)) return false
          for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false
          return true
        }
      const element = of(node.element)
      return (value) => {
        if (!Array.isArray(value)) return false
        for (let i = 0; i < value.length; i++) if (!element(value[i])) return false
        return true
      }
    }
    case 'tuple':
      return tupleOf(plan, node.items, node.required, of)
    case 'union':
      return unionOf(plan, node.options, node.discriminator, of)
    case 'object':
      return objectOf(node.fields, node.rest, of)
    case 'zod':
      return node.verdict
  }
}

function tupleOf(plan: Plan, itemNodes: number[], required: number, of: (index: number) => Validator): Validator {
  const size = itemNodes.length
  // A tuple of plain numbers (every bbox): each item tested here, not called.
  if (required === size && itemNodes.every((item) => isPlain(plan.nodes[item]!, 'number')))
    return (value) => {
      if (!Array.isArray(value) || value.length !== size) return false
      for (let i = 0; i < size; i++) if (typeof value[i] !== 'number' || !Number.isFinite(value[i])) return false
      return true
    }
  const items = itemNodes.map(of)
  return (value) => {
    if (!Array.isArray(value) || value.length > size || value.length < required) return false
    for (let i = 0; i < size; i++) if (!items[i]!(value[i])) return false
    return true
  }
}

function unionOf(plan: Plan, options: number[], key: string | undefined, of: (index: number) => Validator): Validator {
  const validators = options.map(of)
  // A discriminated union picks its option by the key's literal value: one lookup, not a scan.
  const byKey = key === undefined ? undefined : optionsByKey(plan, options, validators, key)
  if (byKey)
    return (value) => {
      if (!isRecord(value)) return false
      const option = byKey.get(value[key!])
      return option !== undefined && option(value)
    }
  return (value) => {
    for (const validator of validators) if (validator(value)) return true
    return false
  }
}

/** Each literal of the discriminator key → its option; undefined when the options are not all literal-keyed. */
function optionsByKey(plan: Plan, options: number[], validators: Validator[], key: string): Map<unknown, Validator> | undefined {
  const byKey = new Map<unknown, Validator>()
  for (const [index, option] of options.entries()) {
    const node = plan.nodes[option]!
    const field = node.type === 'object' ? node.fields.find(([name]) => name === key) : undefined
    const literal = field && plan.nodes[field[1]]!
    if (!literal || literal.type !== 'literal' || literal.checks?.length) return undefined
    for (const value of literal.values) {
      if (byKey.has(value)) return undefined
      byKey.set(value, validators[index]!)
    }
  }
  return byKey
}

function objectOf(fieldNodes: Array<[string, number]>, rest: 'keep' | 'refuse' | number, of: (index: number) => Validator): Validator {
  const keys = fieldNodes.map(([key]) => key)
  const fields = fieldNodes.map(([, node]) => of(node))
  // Unknown keys: kept (lenient), refused (strict), or checked against a catch-all node.
  const other = rest === 'keep' ? undefined : rest === 'refuse' ? () => false : of(rest)
  const known = new Set(keys)
  return (value) => {
    if (!isRecord(value)) return false
    for (let i = 0; i < keys.length; i++) if (!fields[i]!(value[keys[i]!])) return false
    if (other) for (const key of Object.keys(value)) if (!known.has(key) && !other(value[key])) return false
    return true
  }
}

/** The node's own type rule, then its checks. */
function withChecks(node: PlanNode, structure: Validator): Validator {
  const checks = (node.checks ?? []).map(checkOf)
  if (checks.length === 0) return structure
  if (checks.length === 1) {
    const [check] = checks as [Validator]
    return (value) => structure(value) && check(value)
  }
  return (value) => {
    if (!structure(value)) return false
    for (const check of checks) if (!check(value)) return false
    return true
  }
}

function checkOf(check: PlanCheck): Validator {
  switch (check.check) {
    case 'greater_than': {
      const bound = check.value
      return check.inclusive ? (value) => (value as number) >= bound : (value) => (value as number) > bound
    }
    case 'less_than': {
      const bound = check.value
      return check.inclusive ? (value) => (value as number) <= bound : (value) => (value as number) < bound
    }
    case 'min_length': {
      const minimum = check.minimum
      return (value) => (value as string | unknown[]).length >= minimum
    }
    case 'safeint':
      return (value) => Number.isSafeInteger(value)
    case 'pattern': {
      const pattern = new RegExp(check.source, check.flags)
      return (value) => {
        pattern.lastIndex = 0
        return pattern.test(value as string)
      }
    }
    case 'url':
      return (value) => isUrl(value as string)
    case 'base64':
      return (value) => isBase64(value as string)
    case 'rule': {
      const rule = rules[check.rule] as Rule as (value: unknown) => boolean
      return (value) => rule(value)
    }
    case 'zod':
      return check.verdict
  }
}
