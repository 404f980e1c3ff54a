import {type Issue, formatIssues} from './issues.js'

/**
 * Base class of every error docmodel throws: `name` tells the subclasses apart, `code` is
 * snake_case and stable (the API's own code for `ApiError` and `JobFailedError`), and a wrapped
 * failure stays reachable as `cause`.
 */
export class DocmodelError extends Error {
  override readonly name: string = 'DocmodelError'
  readonly code: string = 'docmodel_error'
}

/** Input that breaks the contract: invalid JSON, a wrong type, a failed rule (or, in strict mode, a warning). */
export class ValidationError extends DocmodelError {
  override readonly name = 'ValidationError' as const
  override readonly code = 'validation_failed' as const
  /** Every issue found, errors and (in strict mode) warnings, in document order. */
  readonly issues: Issue[]

  constructor(issues: Issue[], subject = 'input') {
    super(formatIssues(issues, {subject}))
    this.issues = issues
  }
}

/** Arguments that make no sense (an unknown block type in a filter, a confidence outside [0, 1], …). */
export class OptionsError extends DocmodelError {
  override readonly name = 'OptionsError' as const
  override readonly code: string = 'invalid_options'
}
