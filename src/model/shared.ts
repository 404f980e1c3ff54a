import {z} from 'zod'
import {type Rule, type RuleIssue, type RuleName, nameRuleCheck, rules} from './rules.js'

/** `lenient` keeps unknown keys and block types; `strict` rejects them and fails on warnings. */
export type Mode = 'lenient' | 'strict'

/** An object schema that keeps unknown keys (lenient) or rejects them (strict). */
export function objectOf<Shape extends z.ZodRawShape>(mode: Mode, shape: Shape) {
  // Both branches share one static type so the lenient and strict models stay interchangeable.
  return (mode === 'lenient' ? z.looseObject(shape) : z.strictObject(shape)) as z.ZodObject<Shape, z.core.$loose>
}

/**
 * Names a schema of the contract: zod's JSON Schema export puts it in `$defs` under `name`
 * (with `name` as its `title`), so code generators in other languages name their types after it.
 * Metadata only: parsing is unchanged.
 */
export function named<T extends z.ZodType>(schema: T, name: string): T {
  return schema.meta({id: name, title: name}) as T
}

/**
 * The model's rule `name` (src/model/rules.ts) as a zod refinement that reports its issues: named,
 * so that the validator's plan runs the same rule without zod.
 */
export function ruleCheck<T>(name: Exclude<RuleName, 'unknown_block_type'>): z.core.$ZodCheck<T> {
  const rule = rules[name] as Rule as unknown as (value: T, report: (issue: RuleIssue) => void) => boolean
  return nameRuleCheck(
    z.superRefine<T>((value, ctx) => {
      rule(value, (issue) => ctx.addIssue({...issue}))
    }),
    name
  )
}
