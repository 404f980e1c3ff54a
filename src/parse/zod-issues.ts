import type {z} from 'zod'
import {type Issue, type Path, createIssue, describeValue} from '../issues.js'

type ZodIssue = z.core.$ZodIssue

/**
 * Turns zod issues into docmodel issues with readable messages. `invalid_union` issues are
 * unwrapped to the branch that applies to the input, so a user sees
 * `pages[0].blocks[3].text: expected string, got 5`, not "invalid input".
 */
export function fromZodIssues(issues: readonly ZodIssue[], root: unknown, base: Path = []): Issue[] {
  const out: Issue[] = []
  for (const issue of issues) collect(issue, [...base, ...(issue.path as Path)], root, out)
  return out
}

function collect(issue: ZodIssue, path: Path, root: unknown, out: Issue[]): void {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branch = pickBranch(issue.errors)
    if (branch) {
      for (const inner of branch) collect(inner, [...path, ...(inner.path as Path)], root, out)
      return
    }
  }
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) out.push(createIssue('unrecognized_key', [...path, key], 'unknown key (not allowed in strict mode)'))
    return
  }
  out.push(createIssue(codeOf(issue), path, messageOf(issue, valueAt(root, path))))
}

/** zod's code, or for a rule of the model (a refinement) the rule's own code, e.g. `bbox_corner_order`. */
function codeOf(issue: ZodIssue): string {
  const rule = issue.code === 'custom' ? (issue.params as {code?: unknown} | undefined)?.code : undefined
  return typeof rule === 'string' ? rule : issue.code
}

/**
 * The one branch that applies: branches that failed on the value as a whole (wrong type)
 * or on the block type discriminator do not. Undecidable: undefined (the union is reported).
 */
function pickBranch(branches: readonly (readonly ZodIssue[])[]): readonly ZodIssue[] | undefined {
  const applicable = branches.filter(
    (issues) => !issues.some((issue) => issue.path.length === 0 || (issue.path.length === 1 && issue.path[0] === 'type'))
  )
  return applicable.length === 1 ? applicable[0] : undefined
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string | number, unknown>)[key]
  }
  return value
}

const quote = (v: unknown) => JSON.stringify(v)

function messageOf(issue: ZodIssue, input: unknown): string {
  const got = describeValue(input)
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined ? `expected ${issue.expected}, got nothing (missing field)` : `expected ${issue.expected}, got ${got}`
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small'
      const bound = small ? issue.minimum : issue.maximum
      const op = small ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<'
      if (issue.origin === 'string')
        return small && Number(bound) === 1 ? 'expected a non-empty string' : `expected a string of length ${op} ${bound}, got ${got}`
      if (issue.origin === 'array') return `expected an array of length ${op} ${bound}, got ${got}`
      return `expected a number ${op} ${bound}, got ${got}`
    }
    case 'invalid_value':
      return `expected ${issue.values.map(quote).join(' | ')}, got ${got}`
    case 'invalid_format':
      if (issue.format === 'regex') return `${issue.message}, got ${got}`
      return `expected ${formatName(issue.format)}, got ${got}`
    case 'invalid_union':
      if ('note' in issue && issue.note === 'No matching discriminator')
        return `expected one of the known block types (strict mode), got ${got}`
      return `expected ${unionExpectation(issue.errors)}, got ${got}`
    case 'custom':
      return issue.message
    default:
      return `${issue.message}, got ${got}`
  }
}

function formatName(format: string): string {
  if (format === 'url' || format === 'uri') return 'an absolute URL'
  if (format === 'datetime') return 'an RFC 3339 date-time with offset (e.g. 2026-05-14T12:00:00Z)'
  if (format === 'base64') return 'base64 text'
  if (format === 'regex') return 'text matching the pattern'
  return `a ${format}`
}

/** `string | number | null` from the branches' own type expectations. */
function unionExpectation(branches: readonly (readonly ZodIssue[])[]): string {
  const expected = branches.flatMap((issues) =>
    issues.flatMap((issue) => (issue.code === 'invalid_type' && issue.path.length === 0 ? [issue.expected] : []))
  )
  return expected.length > 0 ? [...new Set(expected)].join(' | ') : 'a value matching one of the allowed shapes'
}
