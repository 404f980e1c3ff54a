import {createRequire} from 'node:module'
import {pathToFileURL} from 'node:url'
import {Worker} from 'node:worker_threads'
import type {BatchConfig, Task, TaskResult} from './convert.js'

/** `jobs` 0: convert in this thread, one file after another (no worker start-up; for debugging and small runs). */
async function runHere(
  tasks: readonly Task[],
  config: BatchConfig,
  onResult: (task: Task, result: TaskResult) => void,
  signal?: AbortSignal
): Promise<boolean> {
  const convert = (await import('./convert.js')).createConverter(config)
  for (const task of tasks) {
    if (signal?.aborted) return false
    const result = await convert(task)
    if (signal?.aborted) return false
    onResult(task, result)
  }
  return true
}

/**
 * Runs the tasks on `jobs` worker threads (0: in this thread), each taking the next task when it answers. A worker
 * that dies (out of memory, a crash) fails its task and is replaced. Resolves when every task has
 * an answer, or, once `signal` aborts, when the tasks in flight are dropped (`false`).
 */
export function runPool(
  tasks: readonly Task[],
  config: BatchConfig,
  jobs: number,
  onResult: (task: Task, result: TaskResult) => void,
  signal?: AbortSignal
): Promise<boolean> {
  if (jobs === 0) return runHere(tasks, config, onResult, signal)
  return new Promise((resolve) => {
    let next = 0
    let answered = 0
    const workers = new Set<Worker>()
    const finish = (complete: boolean) => {
      signal?.removeEventListener('abort', abort)
      for (const worker of workers) void worker.terminate()
      workers.clear()
      resolve(complete)
    }
    const abort = () => finish(false)
    signal?.addEventListener('abort', abort)
    if (signal?.aborted) return finish(false)
    if (tasks.length === 0) return finish(true)

    const settle = (task: Task, result: TaskResult) => {
      onResult(task, result)
      if (++answered === tasks.length) finish(true)
    }
    const failed = (error: string): TaskResult => ({status: 'failed', blocks: null, warnings: [], ms: 0, error})
    // Workers that die before their first answer, in a row: they cannot start (a broken install),
    // so the rest fail at once rather than one worker start per file.
    let stillborn = 0

    const start = () => {
      const worker = startWorker(config)
      workers.add(worker)
      let current: Task | undefined
      let answers = 0
      const feed = () => {
        current = tasks[next++]
        if (current) worker.postMessage(current)
        else {
          workers.delete(worker)
          void worker.terminate()
        }
      }
      worker.on('message', (result: TaskResult) => {
        answers++
        stillborn = 0
        settle(current!, result)
        if (workers.has(worker)) feed()
      })
      const die = (error: Error | number) => {
        if (!workers.delete(worker)) return // terminated on purpose
        const why = `worker died: ${typeof error === 'number' ? `exit code ${error}` : error.message}`
        if (current) settle(current, failed(why))
        if (answers === 0 && ++stillborn >= 3) while (next < tasks.length) settle(tasks[next++]!, failed(why))
        else if (next < tasks.length && !signal?.aborted) start()
      }
      worker.on('error', die)
      worker.on('exit', die)
      feed()
    }
    for (let i = 0; i < Math.min(jobs, tasks.length); i++) start()
  })
}

/** The worker module; run through tsx when the CLI runs from its TypeScript sources (tests). */
function startWorker(config: BatchConfig): Worker {
  const options = {workerData: config, resourceLimits: {stackSizeMb: 16}}
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), options)
  // The require condition names the CommonJS build; its ESM twin sits beside it.
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs')
  ).href
  const worker = new URL('./worker.ts', import.meta.url).href
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}) })`, {
    ...options,
    eval: true
  })
}
