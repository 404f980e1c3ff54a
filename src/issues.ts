/** A path into the JSON: keys and array indexes from the root. */
export type Path = Array<string | number>

/** One problem found in the input: plain data, comparable and serialisable. */
export interface Issue {
  /** snake_case kind of problem, e.g. `invalid_type`, `duplicate_block_id`. */
  code: string
  /** Where, as keys and indexes from the root of the parsed value. */
  path: Path
  /** The same place as an RFC 6901 JSON Pointer (`/pages/2/blocks/7/bbox/2`). */
  pointer: string
  /** What is wrong, e.g. `expected a number ≤ 1, got 1.4`. */
  message: string
  /** `error` always fails a parse; `warning` fails only in strict mode. */
  severity: 'error' | 'warning'
}

/** Builds an issue, deriving its pointer from its path. */
export function createIssue(code: string, path: Path, message: string, severity: Issue['severity'] = 'error'): Issue {
  return {code, path, pointer: toPointer(path), message, severity}
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export function toPointer(path: Path): string {
  return path.map((key) => '/' + String(key).replaceAll('~', '~0').replaceAll('/', '~1')).join('')
}

const identifier = /^[A-Za-z_$][\w$]*$/

/** `pages[2].blocks[7].bbox[2]`; the root is `(root)`. */
export function formatPath(path: Path): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (identifier.test(key)) out += out === '' ? key : `.${key}`
    else out += `[${JSON.stringify(key)}]`
  }
  return out === '' ? '(root)' : out
}

/** One readable line: `pages[2].blocks[7].bbox[2]: expected a number ≤ 1, got 1.4`. */
export function formatIssue(issue: Issue): string {
  const tag = issue.severity === 'warning' ? ' (warning)' : ''
  return `${formatPath(issue.path)}: ${issue.message}${tag}`
}

export interface FormatIssuesOptions {
  /** What was checked, for the first line (default: `input`). */
  subject?: string
  /** How many issues to list before summarising the rest (default: `10`). */
  limit?: number
}

/** A multi-line summary: a count, then the first issues one per line. */
export function formatIssues(issues: readonly Issue[], options: FormatIssuesOptions = {}): string {
  const {subject = 'input', limit = 10} = options
  const count = issues.length === 1 ? '1 issue' : `${issues.length} issues`
  const lines = issues.slice(0, limit).map((issue) => '  ' + formatIssue(issue))
  if (issues.length > limit) lines.push(`  … and ${issues.length - limit} more`)
  return [`Invalid ${subject} (${count}):`, ...lines].join('\n')
}

/** A short, bounded description of a value for messages: `1.4`, `"abc…"`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') {
    const shown = value.length > 40 ? value.slice(0, 40) + '…' : value
    return JSON.stringify(shown)
  }
  return String(value)
}
