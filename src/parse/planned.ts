// The lenient model's validators without zod, compiled at build time from the plan `planOf` makes
// of the lenient schemas (src/parse/lenient-validator.ts, written by `npm run schemas`: a test
// keeps it so). For the CLI: a valid document is validated without loading zod; an invalid one
// goes to zod (src/parse/parse.ts, loaded then) for its issues.
import {lenientValidators} from './lenient-validator.js'
import type {Validator} from './plan.js'

/** The verdict of `lenientModel[name].safeParse(value).success`, without zod. */
export function lenientValidator(name: keyof typeof lenientValidators): Validator {
  return lenientValidators[name]
}

/**
 * For a caller reading a document page by page (see `readPages`, lenient mode): whether the
 * outline (the value with an empty pages array) is a valid `subject`, and whether a page is a
 * valid page. Both true is the verdict on the whole value, since no rule of the model looks across
 * pages (strict mode's warnings do, so it is not offered). A false verdict says nothing more: read
 * the value whole (`safeParseRead`) for its issues.
 */
export function pagedVerdicts(subject: 'document' | 'job'): {outline: Validator; page: Validator} {
  return {outline: lenientValidator(subject === 'job' ? 'Job' : 'Document'), page: lenientValidator('Page')}
}
