import {z} from 'zod'
import {absoluteUrl} from './blocks.js'
import {defineDocument} from './document.js'
import {JOB_STATUSES} from './constants.js'
import {type Mode, named, objectOf, ruleCheck} from './shared.js'

export {JOB_STATUSES, TERMINAL_STATUSES} from './constants.js'
export const JobStatus = named(z.enum(JOB_STATUSES).describe('Status of the job.'), 'JobStatus')
export type JobStatus = z.infer<typeof JobStatus>

const dateTime = () => z.iso.datetime({offset: true})

function statusRule(statuses: JobStatus[], then: Record<string, object>) {
  return {if: {properties: {status: {enum: statuses}}, required: ['status']}, then: {properties: then}}
}

/** Builds the job schemas (and the document schemas inside) for one parse mode. */
export function defineJob(mode: Mode) {
  const document = defineDocument(mode)

  const FileInfo = named(
    objectOf(mode, {
      filename: z.string().describe('Name of the uploaded file.'),
      size_bytes: z.int().min(0).describe('Size of the uploaded file in bytes.'),
      mime_type: z.string().describe('MIME type of the uploaded file.')
    }).describe('The uploaded file.'),
    'FileInfo'
  )

  const JobError = named(
    z
      .looseObject({
        code: z.string().describe('Machine-readable error code, e.g. JOB_NOT_FOUND.'),
        message: z.string().describe('Human-readable error message.')
      })
      .describe('Why the job failed or was cancelled.'),
    'JobError'
  )

  const Job = objectOf(mode, {
    job_id: z.string().min(1).describe('Identifier of the job.'),
    status: JobStatus,
    file_info: FileInfo,
    created_at: dateTime().describe('When the job was created (RFC 3339).'),
    started_at: dateTime().nullable().describe('When a worker started the job (RFC 3339), or null.'),
    completed_at: dateTime().nullable().describe('When the job ended (RFC 3339), or null.'),
    estimated_seconds: z.number().min(0).nullable().describe('Estimated seconds until completion, or null.'),
    status_url: absoluteUrl().describe('Absolute URL to poll for this job.'),
    expires_at: dateTime().nullable().describe('When the result expires (RFC 3339), or null.'),
    document: document.Document.nullable().describe('The extracted document; set when completed.'),
    markdown: z.string().nullable().describe('Markdown render of the document; set when completed.'),
    cache_hit: z.boolean().describe('Whether the result came from the cache.'),
    error: JobError.nullable().describe('Set when the job failed or was cancelled.')
  })
    .describe('A job response of GET /v1/jobs/{id}.')
    // The status invariants below, spelled for JSON Schema readers.
    .meta({
      allOf: [
        statusRule(['completed'], {document: {type: 'object'}, markdown: {type: 'string'}, error: {type: 'null'}}),
        statusRule(['failed', 'cancelled'], {error: {type: 'object'}}),
        statusRule(['queued', 'processing'], {document: {type: 'null'}})
      ]
    })
    // Status invariants: errors in both modes.
    .check(ruleCheck('status_invariant'))

  return {...document, FileInfo, JobError, Job: named(Job, 'Job')}
}
