import {DocmodelError} from '../errors.js'

/** A command line that makes no sense (unknown flag, bad value, missing argument): exit code 2. */
export class UsageError extends DocmodelError {
  override readonly name = 'UsageError' as const
  override readonly code = 'usage' as const
}

/**
 * Input that cannot be used: a file that cannot be read or written, input over the size limit,
 * text that is not UTF-8, a job without a document. Exit code 3.
 */
export class InputError extends DocmodelError {
  override readonly name = 'InputError' as const
  /** snake_case kind: `no_such_file`, `unreadable`, `not_a_file`, `unwritable`, `input_too_large`, `not_utf8`, `empty_input`, `no_document`. */
  override readonly code: string

  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

/** Human words for the file-system error codes a user meets. */
const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
  EMFILE: 'too many open files',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many levels of links',
  EIO: 'input/output error',
  EDQUOT: 'disk quota exceeded'
}

/** `no such file (ENOENT)` rather than a bare `ENOENT`. */
export function describeErrno(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code
  if (code && Object.hasOwn(ERRNO_WORDS, code)) return `${ERRNO_WORDS[code]} (${code})`
  return code ?? (error instanceof Error ? error.message : String(error))
}
