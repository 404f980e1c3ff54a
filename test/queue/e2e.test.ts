// End to end, as the README runs it: `docmodel enqueue` of the corpus plus generated documents, two
// `docmodel worker` processes, one killed with SIGKILL in the middle of a job; every output must
// then exist once, equal to what `docmodel batch` writes, and every job must have completed once.
import {type ChildProcess, spawn} from 'node:child_process'
import {copyFileSync, readdirSync, writeFileSync} from 'node:fs'
import {type ServerResponse, createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {Queue} from 'bullmq'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {generateDocument} from '../../bench/generate.js'
import {cli, tempDir} from '../cli/helpers.js'
import {CORPUS, corpusPath, repoPath} from '../helpers/paths.js'
import {cliCommand, batchOutputs, tree, until} from './helpers.js'
import {type RedisServer, hasRedis, startRedis} from './redis.js'

const FLAGS = ['--to', 'markdown,chunks', '--max-tokens', '256']

type Ended = {code: number | null; signal: NodeJS.Signals | null}
/** A worker process; `closed` settles once it has exited and its stderr is read to the end ('close', not 'exit'). */
type WorkerProcess = ChildProcess & {lines: string[]; closed: Promise<Ended>}

/** A worker process of the CLI (built, or its sources through tsx); its stderr lines are kept. */
function startWorker(redis: string, queue: string): WorkerProcess {
  const child = spawn(
    process.execPath,
    [...cliCommand(), 'worker', '--redis', redis, '--queue', queue, '--lock-duration', '2000', '--stalled-interval', '500'],
    {cwd: repoPath(''), stdio: ['ignore', 'ignore', 'pipe'], env: {...process.env, DOCMODEL_API_KEY: ''}}
  )
  const lines: string[] = []
  let rest = ''
  child.stderr!.on('data', (chunk) => {
    const parts = (rest + String(chunk)).split('\n')
    rest = parts.pop()!
    lines.push(...parts)
  })
  const closed = new Promise<Ended>((resolve) => child.once('close', (code, signal) => resolve({code, signal})))
  return Object.assign(child, {lines, closed})
}

const exited = (child: WorkerProcess) => child.closed

describe.skipIf(!hasRedis)('enqueue and two worker processes, one killed mid-job', {timeout: 90_000}, () => {
  let redis: RedisServer
  const workers: WorkerProcess[] = []
  let server: ReturnType<typeof createServer>
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  let slowHits = 0

  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    release?.()
    for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL')
    await Promise.all(workers.map(exited))
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    await redis?.stop()
  })

  it('loses no job, converts each once, and writes batch\'s bytes', async () => {
    const input = tempDir()
    for (const name of CORPUS) copyFileSync(corpusPath(name), join(input, name))
    for (let i = 0; i < 16; i++) writeFileSync(join(input, `generated-${String(i).padStart(2, '0')}.json`), generateDocument(1 + (i % 4), i + 1))
    // The slow input: a URL whose first answer waits until released, so worker A is known to be mid-job when killed.
    const slow = generateDocument(2, 99)
    writeFileSync(join(input, 'slow.json'), slow)
    server = createServer((_request, response: ServerResponse) => {
      const answer = () => response.writeHead(200, {'content-type': 'application/json'}).end(slow)
      if (++slowHits === 1) void held.then(() => response.destroyed || answer())
      else answer()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const slowUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow.json`

    // The reference, batch on the same files, runs while the queue does.
    const reference = tempDir()
    const referenceRun = cli(['batch', input, '--out', reference, '-j', '0', '-q', ...FLAGS])

    const queue = `e2e-${process.pid}`
    const out = tempDir()
    const pathInputs = readdirSync(input).filter((name) => name !== 'slow.json').map((name) => join(input, name))
    // The slow job first: the only worker running then (A) takes it.
    expect((await cli(['enqueue', slowUrl, '--redis', redis.url, '--queue', queue, '--out', out, '-q', ...FLAGS])).code).toBe(0)
    const a = startWorker(redis.url, queue)
    workers.push(a)
    await until(() => slowHits === 1, 50)
    // The rest with --wait, as the README runs it: it follows its jobs to their end and exits 0.
    const waiting = cli(['enqueue', ...pathInputs, '--redis', redis.url, '--queue', queue, '--out', out, '--wait', ...FLAGS])
    const b = startWorker(redis.url, queue)
    workers.push(b)
    await until(() => b.lines.some((line) => line.startsWith('done ')), 50)
    a.kill('SIGKILL')
    expect(await exited(a)).toEqual({code: null, signal: 'SIGKILL'})
    const waited = await waiting
    expect(waited.code).toBe(0)
    expect(waited.stderr).toMatch(new RegExp(`^enqueue: ${pathInputs.length} done, 0 failed in `, 'm'))

    // A's job is taken over by B once A's lock expires.
    const handle = new Queue(queue, {connection: {url: redis.url}})
    try {
      await until(async () => (await handle.getJobCounts('completed')).completed === pathInputs.length + 1, 50)
      const counts = await handle.getJobCounts()
      expect(counts).toMatchObject({completed: pathInputs.length + 1, failed: 0, active: 0, waiting: 0, delayed: 0})
    } finally {
      await handle.close()
    }
    release()
    expect(slowHits).toBe(2)
    // Each job done once: by A before the kill or by B, never both.
    // (A job is completed in Redis a moment before its worker's line reaches us.)
    const doneLines = () => [...a.lines, ...b.lines].filter((line) => line.startsWith('done '))
    await until(() => doneLines().length >= pathInputs.length + 1, 20)
    const doneJobs = doneLines().map((line) => /\(.* job (\d+)\)$/.exec(line)![1])
    expect(new Set(doneJobs).size).toBe(doneJobs.length)
    expect(doneJobs).toHaveLength(pathInputs.length + 1)
    expect((await referenceRun).code).toBe(0)
    const expected = batchOutputs(reference)
    // Every output once, byte for byte batch's; A was killed while downloading, so it left no temporary file.
    expect(tree(out)).toEqual(expected)

    b.kill('SIGTERM')
    expect(await exited(b)).toEqual({code: 0, signal: null})
    expect(b.lines.at(-1)).toBe('worker: stopped')
  })

  it('on SIGTERM, finishes the job in hand, then exits 0', async () => {
    const document = generateDocument(1, 7)
    let asked!: () => void
    const requested = new Promise<void>((resolve) => (asked = resolve))
    let answer!: () => void
    const answered = new Promise<void>((resolve) => (answer = resolve))
    const slowServer = createServer((_request, response) => {
      asked()
      void answered.then(() => response.writeHead(200).end(document))
    })
    await new Promise<void>((resolve) => slowServer.listen(0, '127.0.0.1', resolve))
    try {
      const queue = `sigterm-${process.pid}`
      const out = tempDir()
      const worker = startWorker(redis.url, queue)
      workers.push(worker)
      const url = `http://127.0.0.1:${(slowServer.address() as AddressInfo).port}/held.json`
      expect((await cli(['enqueue', url, '--redis', redis.url, '--queue', queue, '--out', out, '-q'])).code).toBe(0)
      await requested
      worker.kill('SIGTERM')
      await until(() => worker.lines.includes('worker: stopping after the jobs in hand (signal again to stop at once)'), 20)
      answer()
      expect(await exited(worker)).toEqual({code: 0, signal: null})
      expect(worker.lines.filter((line) => line.startsWith('done '))).toHaveLength(1)
      expect([...tree(out).keys()]).toEqual(['held.md'])
    } finally {
      answer?.()
      await new Promise<void>((resolve) => slowServer.close(() => resolve()))
    }
  })
})
