/**
 * The batch conversion as BullMQ jobs on Redis, for many machines: `import {enqueue, createWorker} from 'docmodel/queue'`.
 * Loaded only by this entry and the `enqueue`/`worker` commands.
 *
 * @module docmodel/queue
 */
export {enqueue, jobOptionsOf, waitForJobs} from './enqueue.js'
export type {EnqueueOptions, QueueProgress, WaitForJobsOptions, WaitForJobsResult} from './enqueue.js'
export {createProcessor, createWorker} from './worker.js'
export type {CreateWorkerOptions, QueueJobProgress, QueueJobResult} from './worker.js'
export {QUEUE_FORMATS, QueueJobData, QueueJobOptions, outputsOf, queueJobJsonSchema} from './job-data.js'
export {DEFAULT_QUEUE_NAME} from './connection.js'
