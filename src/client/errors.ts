import {DocmodelError} from '../errors.js'
import type {Job} from '../model/index.js'
import {printable} from './error-body.js'

/** The API answered with an error status. `code` is the API's (`JOB_NOT_FOUND`, …) or `HTTP_<status>` when the body had none. */
export class ApiError extends DocmodelError {
  override readonly name = 'ApiError' as const
  constructor(
    /** HTTP status of the response. */
    readonly status: number,
    /** Machine-readable error code. */
    override readonly code: string,
    message: string,
    /** `GET`, `DELETE` or `POST`, and the URL (never the key). */
    readonly method: string,
    readonly url: string
  ) {
    super(`${method} ${url}: ${status} ${code}: ${message}`)
  }
}

/** A request, or a whole wait, took longer than allowed. */
export class TimeoutError extends DocmodelError {
  override readonly name = 'TimeoutError' as const
  override readonly code = 'timeout' as const
}

/** The request never got an HTTP answer (connection refused or dropped, DNS, TLS, …). */
export class NetworkError extends DocmodelError {
  override readonly name = 'NetworkError' as const
  override readonly code = 'network_error' as const
}

/** A waited-for job ended `failed` or `cancelled`; `code` is the job's `error.code`. */
export class JobFailedError extends DocmodelError {
  override readonly name = 'JobFailedError' as const
  override readonly code: string
  constructor(readonly job: Job) {
    // The job's own text is the server's: its control characters are spelled out, not sent to a terminal.
    super(printable(`job ${job.job_id} ${job.status}: ${job.error?.code ?? 'UNKNOWN'}: ${job.error?.message ?? 'no error details'}`))
    this.code = job.error?.code ?? 'UNKNOWN'
  }
}

/** The answer's body is larger than `maxResponseBytes` (declared by `Content-Length`, or as it streamed); it is not read further. */
export class ResponseTooLargeError extends DocmodelError {
  override readonly name = 'ResponseTooLargeError' as const
  override readonly code = 'response_too_large' as const
  constructor(
    /** The limit that was passed, in bytes. */
    readonly limit: number,
    /** `GET`, `DELETE` or `POST`, and the URL (never the key). */
    readonly method: string,
    readonly url: string
  ) {
    super(`${method} ${url}: the answer is larger than maxResponseBytes (${limit} bytes); raise the option to accept it`)
  }
}
