// The queue against batch on the same files (`npm run bench:queue`, after a build): documents per
// second with 1, 2 and 4 `docmodel worker` processes, beside `docmodel batch -j 1/2/4` (worker
// threads); the queue's own cost per job (wall time per job with one worker, minus the conversion
// time the jobs themselves report); and Redis's work per job, counted by INFO commandstats over a
// whole run (enqueue included). A private redis-server (Debian's) is started on a free port.
// The queue's time runs from the first enqueue to the last job's `done` line (workers already
// started); batch's is its report's `elapsedMs` (its worker threads' start-up included).
// Each figure is the median of BENCH_ROUNDS (default 3) alternating rounds. Writes
// bench/queue-results.json and prints a table.
import {type ChildProcess, execFileSync, spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Redis} from 'ioredis'
import {enqueue} from '../src/queue/index.js'
import {startRedis} from '../test/queue/redis.js'
import {generateDocument} from './generate.js'

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 200)
const WORKERS = [1, 2, 4]
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const cli = fileURLToPath(new URL('../dist/bin/docmodel.js', import.meta.url))
const dir = mkdtempSync(join(os.tmpdir(), 'docmodel-bench-queue-'))
const input = join(dir, 'in')
execFileSync('mkdir', ['-p', input])
// Small to mid-sized documents (1–6 pages), as a stream of exports looks; seeded.
for (let i = 0; i < DOCUMENTS; i++) writeFileSync(join(input, `doc-${String(i).padStart(4, '0')}.json`), generateDocument(1 + (i % 6), i + 1))
const files = Array.from({length: DOCUMENTS}, (_, i) => join(input, `doc-${String(i).padStart(4, '0')}.json`))

const redis = await startRedis()
const admin = new Redis(redis.url)

/** A worker process of the built CLI, ready when it says so; counts its finished jobs and their conversion time. */
function startWorker(queue: string): Promise<ChildProcess & {done: number; convertMs: number}> {
  const child = Object.assign(spawn(process.execPath, [cli, 'worker', '--redis', redis.url, '--queue', queue], {stdio: ['ignore', 'ignore', 'pipe']}), {
    done: 0,
    convertMs: 0
  })
  let rest = ''
  return new Promise((resolve) => {
    child.stderr!.on('data', (chunk) => {
      const lines = (rest + String(chunk)).split('\n')
      rest = lines.pop()!
      for (const line of lines) {
        if (line.startsWith('worker: converting')) resolve(child)
        const done = /^done .* \((\d+) ms, job \d+\)$/.exec(line)
        if (done) {
          child.done++
          child.convertMs += Number(done[1])
          child.emit('job')
        }
      }
    })
  })
}

/** Enqueues every file and waits for the workers' `done` lines (no polling of Redis); answers the wall time. */
async function queueRun(workers: number, countOps = false) {
  const queue = `bench-${workers}-${Date.now()}`
  const out = join(dir, `queue-${workers}`)
  const children = await Promise.all(Array.from({length: workers}, () => startWorker(queue)))
  if (countOps) await admin.config('RESETSTAT')
  const started = performance.now()
  const finished = new Promise<void>((resolve) => {
    const check = () => children.reduce((n, c) => n + c.done, 0) === files.length && resolve()
    for (const child of children) child.on('job', check)
  })
  await enqueue(
    files.map((path, i) => ({input: {path}, to: ['markdown'], out: join(out, `doc-${String(i).padStart(4, '0')}`)})),
    {connection: redis.url, queue}
  )
  await finished
  const ms = performance.now() - started
  const ops = countOps ? commandStats(String(await admin.info('commandstats'))) : undefined
  const convertMs = children.reduce((n, c) => n + c.convertMs, 0)
  for (const child of children) child.kill('SIGTERM')
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)))))
  rmSync(out, {recursive: true, force: true})
  return {ms, convertMs, ops}
}

/** batch's own elapsed time (its report's: from its start to its last file, worker threads' start-up included, node's start not). */
function batchRun(jobs: number) {
  const out = join(dir, `batch-${jobs}`)
  execFileSync(process.execPath, [cli, 'batch', input, '--out', out, '--to', 'markdown', '-j', String(jobs), '-q', '--force'], {stdio: 'ignore'})
  const {elapsedMs} = JSON.parse(readFileSync(join(out, 'batch-report.json'), 'utf8')) as {elapsedMs: number}
  rmSync(out, {recursive: true, force: true})
  return elapsedMs
}

/** `cmdstat_evalsha:calls=12,…` lines → calls per command (commands run inside Lua scripts count under their own names). */
function commandStats(info: string): Record<string, {calls: number; usec: number}> {
  const stats: Record<string, {calls: number; usec: number}> = {}
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) stats[match[1]!] = {calls: Number(match[2]), usec: Number(match[3])}
  return stats
}

batchRun(1) // warm the file cache and the build
const rows: Array<{workers: number; queueDocsPerSecond: number; batchDocsPerSecond: number}> = []
let overheadMsPerJob = 0
let opsPerJob: Record<string, number> = {}
let redisUsecPerJob = 0
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
for (const workers of WORKERS) {
  // Alternating rounds (batch, queue, batch, queue, …), medians: both see the same machine.
  const batchMs: number[] = []
  const runs: Array<Awaited<ReturnType<typeof queueRun>>> = []
  for (let round = 0; round < ROUNDS; round++) {
    batchMs.push(batchRun(workers))
    runs.push(await queueRun(workers, workers === 1 && round === 0))
  }
  const queueMs = median(runs.map((r) => r.ms))
  rows.push({workers, queueDocsPerSecond: files.length / (queueMs / 1000), batchDocsPerSecond: files.length / (median(batchMs) / 1000)})
  if (workers === 1) {
    const run = runs[0]!
    overheadMsPerJob = median(runs.map((r) => (r.ms - r.convertMs) / files.length))
    const counted = Object.entries(run.ops!).filter(([command]) => !/^(config|info|hello|quit)/.test(command))
    opsPerJob = Object.fromEntries(
      counted
        .sort(([, a], [, b]) => b.calls - a.calls)
        .map(([command, {calls}]) => [command, Math.round((calls / files.length) * 10) / 10])
        .filter(([, calls]) => (calls as number) > 0)
    )
    // A script's own time includes the commands it runs: count the scripts' time, and the rest's.
    redisUsecPerJob = counted.reduce((sum, [command, {usec}]) => sum + (/^eval/.test(command) ? usec : 0), 0) / files.length
  }
  console.log(`${workers} worker(s): queue ${rows.at(-1)!.queueDocsPerSecond.toFixed(1)} docs/s, batch -j ${workers} ${rows.at(-1)!.batchDocsPerSecond.toFixed(1)} docs/s`)
}
const totalOps = Object.values(opsPerJob).reduce((a, b) => a + b, 0)
const results = {
  date: new Date().toISOString().slice(0, 10),
  cores: os.availableParallelism(),
  documents: files.length,
  rounds: ROUNDS,
  pagesPerDocument: '1–6',
  formats: ['markdown'],
  note: 'measured on a machine shared with other work: relative figures are more telling than absolute ones',
  throughput: rows.map((row) => ({...row, queueDocsPerSecond: Number(row.queueDocsPerSecond.toFixed(1)), batchDocsPerSecond: Number(row.batchDocsPerSecond.toFixed(1))})),
  queueOverheadMsPerJob: Number(overheadMsPerJob.toFixed(2)),
  redisCommandsPerJob: Number(totalOps.toFixed(1)),
  redisCommandsPerJobByName: opsPerJob,
  redisScriptUsecPerJob: Number(redisUsecPerJob.toFixed(1)),
  redisJobsPerSecondCeiling: Math.round(1e6 / Math.max(redisUsecPerJob, 1))
}
writeFileSync(new URL('queue-results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n')
console.log(
  `queue overhead: ${results.queueOverheadMsPerJob} ms per job; Redis: ${results.redisCommandsPerJob} commands, ${results.redisScriptUsecPerJob} µs of scripts per job`,
  opsPerJob
)
await admin.quit()
await redis.stop()
rmSync(dir, {recursive: true, force: true})
