// The model's own rules (what zod's types and formats cannot say), without zod: the schemas run
// them as refinements (src/model/shared.ts `ruleCheck`), the plan validator (src/parse/plan.ts) by
// name. One implementation, so the two cannot disagree.
import {isKnownBlockType} from './constants.js'

/** An issue a rule reports: zod's custom issue, as a refinement adds it. */
export interface RuleIssue {
  code: 'custom'
  params: {code: string}
  path: Array<string | number>
  message: string
}

/**
 * Answers whether the value keeps the rule; with `report`, also reports each issue (without, it
 * may stop at the first). The value has passed its schema's type rules (a rule runs after them).
 */
export type Rule = (value: never, report?: (issue: RuleIssue) => void) => boolean

interface Positioned {
  bbox: readonly number[]
  bbox_units: string
}

/** Normalized bboxes lie inside the page, corners in order (errors in both modes, on every block). */
function normalizedBBox(block: Positioned, report?: (issue: RuleIssue) => void): boolean {
  if (block.bbox_units !== 'normalized') return true
  // Indexed reads, not destructuring: this runs on every block of a document, from a fresh process's
  // first call, and destructuring (the iterator protocol) is slow until optimised and slow to optimise.
  const bbox = block.bbox
  const x0 = bbox[0]!
  const y0 = bbox[1]!
  const x1 = bbox[2]!
  const y1 = bbox[3]!
  let valid = true
  for (let index = 0; index < 4; index++) {
    const value = bbox[index]!
    if (value >= 0 && value <= 1) continue
    if (!report) return false
    valid = false
    const message = value < 0 ? `expected a number ≥ 0, got ${value}` : `expected a number ≤ 1, got ${value}`
    report({code: 'custom', params: {code: 'bbox_out_of_range'}, path: ['bbox', index], message})
  }
  if (x0 > x1) {
    if (!report) return false
    valid = false
    report({code: 'custom', params: {code: 'bbox_corner_order'}, path: ['bbox', 2], message: `expected x1 ≥ x0 (${x0}), got ${x1}`})
  }
  if (y0 > y1) {
    if (!report) return false
    valid = false
    report({code: 'custom', params: {code: 'bbox_corner_order'}, path: ['bbox', 3], message: `expected y1 ≥ y0 (${y0}), got ${y1}`})
  }
  return valid
}

/** An image block has exactly one of `url` and `image_b64`. */
function imageSource(block: {url?: string; image_b64?: string}, report?: (issue: RuleIssue) => void): boolean {
  const set = (block.url !== undefined ? 1 : 0) + (block.image_b64 !== undefined ? 1 : 0)
  if (set === 1) return true
  report?.({
    code: 'custom',
    params: {code: 'image_source'},
    path: set === 0 ? ['url'] : ['image_b64'],
    message: set === 0 ? 'expected exactly one of url and image_b64, got neither' : 'expected exactly one of url and image_b64, got both'
  })
  return false
}

interface JobState {
  status: string
  document: unknown
  markdown: string | null
  error: unknown
}

/** A job's fields agree with its status (errors in both modes). */
function statusInvariant(job: JobState, report?: (issue: RuleIssue) => void): boolean {
  let valid = true
  const fail = (path: string, message: string) => {
    valid = false
    report?.({code: 'custom', params: {code: 'status_invariant'}, path: [path], message})
  }
  if (job.status === 'completed') {
    if (job.document === null) fail('document', 'expected a document when status is "completed", got null')
    if (job.markdown === null) fail('markdown', 'expected markdown when status is "completed", got null')
    if (job.error !== null) fail('error', 'expected null when status is "completed", got an error')
  } else if (job.status === 'failed' || job.status === 'cancelled') {
    if (job.error === null) fail('error', `expected an error when status is "${job.status}", got null`)
  } else if (job.document !== null) {
    fail('document', `expected null when status is "${job.status}", got a document`)
  }
  return valid
}

/** An unknown block's type is none of the known ones (a refinement: zod words its issue). */
function unknownBlockType(type: string): boolean {
  return !isKnownBlockType(type)
}

/** Every rule of the model, by the name a plan gives it. */
export const rules = {
  normalized_bbox: normalizedBBox,
  image_source: imageSource,
  status_invariant: statusInvariant,
  unknown_block_type: unknownBlockType
} satisfies Record<string, Rule>
export type RuleName = keyof typeof rules

/** The refinement checks of the schemas, each with the rule it runs (filled by the model, read by the planner). */
const checkRules = new WeakMap<object, RuleName>()

/** Records that a schema check runs `rule`. */
export function nameRuleCheck<T extends object>(check: T, rule: RuleName): T {
  checkRules.set(check, rule)
  return check
}

/** The rule a schema check runs, if it is one of the model's. */
export function ruleOfCheck(check: object): RuleName | undefined {
  return checkRules.get(check)
}
