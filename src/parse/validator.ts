import type {z} from 'zod'
import {type Validator, validatorsOf} from './plan.js'
import {planOf} from './planner.js'

export type {Validator} from './plan.js'

/**
 * A validator made from a zod schema: the same verdict as `schema.safeParse(value).success`, about
 * ten times faster on documents, because it neither copies the value nor builds issues. zod stays
 * the one source of truth: the schema's definition is read into a plan (`planOf`: structure, bounds,
 * formats, the model's rules by name) that `validatorsOf` runs without zod; what the planner does
 * not know is handed to zod whole. Callers hand failures to zod for the issues, so issues are
 * zod's, byte for byte.
 */
export function createValidator(schema: z.core.$ZodType): Validator {
  const {plan, roots} = planOf([schema])
  return validatorsOf(plan)(roots[0]!)
}
