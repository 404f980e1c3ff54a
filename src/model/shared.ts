import {z} from 'zod'

/** `lenient` keeps unknown keys and block types; `strict` rejects them and fails on warnings. */
export type Mode = 'lenient' | 'strict'

/** The context a `superRefine` callback gets. */
export type RefineContext = z.RefinementCtx

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
