// The worker against a real redis-server (started here, on a free port, without persistence) and,
// for {jobId} inputs, the contract server of docmodel/testing. No mock of BullMQ or Redis.
import {copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {type IncomingMessage, type ServerResponse, createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {Queue, QueueEvents} from 'bullmq'
import {Redis} from 'ioredis'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {createContractServer} from '../../src/testing/server.js'
import {createWorker, enqueue, type QueueJobData, type QueueJobResult, waitForJobs} from '../../src/queue/index.js'
import {parseDocument} from '../../src/parse/parse.js'
import {cli, tempDir} from '../cli/helpers.js'
import {CORPUS, corpusPath} from '../helpers/paths.js'
import {settled, batchOutputs, tree, until} from './helpers.js'
import {type RedisServer, hasRedis, skipReason, startRedis} from './redis.js'

if (!hasRedis) console.warn(`skipping the queue tests: ${skipReason}`)

describe.skipIf(!hasRedis)('createWorker on a real Redis', {timeout: 30_000}, () => {
  let redis: RedisServer
  let counter = 0
  const queueName = () => `test-${process.pid}-${++counter}`
  const open: Array<{close(): Promise<unknown>}> = []
  const track = <T extends {close(): Promise<unknown>}>(thing: T) => (open.push(thing), thing)

  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    for (const thing of open.reverse()) await thing.close().catch(() => {})
    await redis?.stop()
  })

  /** A worker and a queue handle on a fresh queue; quick stall detection, as a test can afford. */
  const setUp = (options: Parameters<typeof createWorker>[0] = {}) => {
    const queue = queueName()
    const worker = track(createWorker({connection: redis.url, queue, lockDurationMs: 2000, stalledIntervalMs: 500, ...options}))
    const handle = track(new Queue(queue, {connection: {url: redis.url}}))
    return {queue, worker, handle}
  }
  const add = (queue: string, data: unknown, attempts = 3) =>
    enqueue(data as QueueJobData, {connection: redis.url, queue, attempts, backoffMs: 10}).then((ids) => ids[0]!)

  it('writes what batch writes, byte for byte, and returns the files with their sizes', async () => {
    const {queue, handle} = setUp()
    const input = tempDir()
    for (const name of CORPUS) copyFileSync(corpusPath(name), join(input, name))
    const out = tempDir()
    const reference = tempDir()
    const flags = ['--to', 'markdown,json,stats,chunks,preview', '--max-tokens', '200', '--page-breaks', 'rule', '--min-confidence', '0.5', '--color-by', 'confidence', '--no-headings']
    expect((await cli(['batch', input, '--out', reference, '-j', '0', '-q', ...flags])).code).toBe(0)
    const options = {maxTokens: 200, pageBreaks: 'rule', minConfidence: 0.5, colorBy: 'confidence', headings: false} as const
    const ids = await enqueue(
      CORPUS.map((name) => ({input: {path: join(input, name)}, to: ['markdown', 'json', 'stats', 'chunks', 'preview'], out: join(out, name.replace(/\.json$/, '')), options})),
      {connection: redis.url, queue}
    )
    for (const id of ids) expect(await settled(handle, id)).toBe('completed')
    const expected = batchOutputs(reference)
    expect(tree(out)).toEqual(expected)
    const result = (await handle.getJob(ids[2]!))!.returnvalue as QueueJobResult
    expect(result.outputs.map((o) => [o.format, o.path, o.bytes])).toEqual(
      ['.md', '.json', '.stats.json', '.chunks.jsonl', '.preview.html'].map((extension, i) => {
        const path = join(out, `2305.03393v1${extension}`)
        return [['markdown', 'json', 'stats', 'chunks', 'preview'][i], path, readFileSync(path).length]
      })
    )
    const report = JSON.parse(readFileSync(join(reference, 'batch-report.json'), 'utf8'))
    const row = report.files.find((file: {input: string}) => file.input.endsWith('2305.03393v1.json'))
    expect(result.warnings).toBe(row.warnings)
    expect(result.blocks).toBe(row.blocks)
  })

  it('names the outputs after the input when out is a directory (ending in /)', async () => {
    const {queue, handle} = setUp()
    const out = tempDir()
    const id = await add(queue, {input: {path: corpusPath('multi_page.json')}, to: ['markdown'], out: `${out}/nested/`})
    expect(await settled(handle, id)).toBe('completed')
    expect([...tree(out).keys()]).toEqual(['nested/multi_page.md'])
  })

  it('fails bad job data with a clear reason, at the first attempt, and goes on with the next job', async () => {
    const {queue, handle} = setUp()
    const out = tempDir()
    // Added past enqueue's own check, as another producer could.
    const bad = await handle.add('convert', {input: {path: '/x.json'}, to: ['markdown', 'pdf'], out} as never, {attempts: 3, backoff: 10})
    const good = await add(queue, {input: {path: corpusPath('code_and_formula.json')}, to: ['markdown'], out: join(out, 'good')})
    expect(await settled(handle, bad.id!)).toBe('failed')
    const failed = (await handle.getJob(bad.id!))!
    expect(failed.failedReason).toMatch(/^invalid job data: to\[1\]: Invalid option: expected one of "markdown"\|"json"\|"stats"\|"chunks"\|"preview"/)
    expect(failed.attemptsMade).toBe(1)
    expect(await settled(handle, good)).toBe('completed')
  })

  it('fails an invalid document at once (no retry), naming the issue and its path', async () => {
    const {queue, handle} = setUp()
    const dir = tempDir()
    const document = JSON.parse(readFileSync(corpusPath('multi_page.json'), 'utf8'))
    document.pages[0].blocks[1].bbox = [0.5, 0.5, 0.4, 0.6]
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(document))
    const id = await add(queue, {input: {path: join(dir, 'bad.json')}, to: ['markdown'], out: join(dir, 'out/bad')}, 5)
    expect(await settled(handle, id)).toBe('failed')
    const job = (await handle.getJob(id))!
    expect(job.failedReason).toMatch(/pages\[0\]\.blocks\[1\]\.bbox/)
    expect(job.attemptsMade).toBe(1)
  })

  it('fails options batch would refuse (chunks without a limit) with batch\'s message', async () => {
    const {queue, handle} = setUp()
    const id = await add(queue, {input: {path: corpusPath('multi_page.json')}, to: ['chunks'], out: join(tempDir(), 'x')})
    expect(await settled(handle, id)).toBe('failed')
    expect((await handle.getJob(id))!.failedReason).toBe('invalid job options: --to chunks needs --max-tokens or --max-chars: the largest chunk')
  })

  it('retries a failed write (a full or missing disk may come back), up to the attempts', async () => {
    const {queue, handle} = setUp()
    const dir = tempDir()
    writeFileSync(join(dir, 'file'), '')
    const id = await add(queue, {input: {path: corpusPath('code_and_formula.json')}, to: ['markdown'], out: join(dir, 'file', 'x')}, 3)
    expect(await settled(handle, id)).toBe('failed')
    const job = (await handle.getJob(id))!
    expect(job.failedReason).toMatch(/^cannot write: /)
    expect(job.attemptsMade).toBe(3)
  })

  it('paces jobs with the limiter across the queue', async () => {
    const {queue, handle} = setUp({limiter: {max: 2, duration: 400}, concurrency: 4})
    const out = tempDir()
    const ids = await enqueue(
      Array.from({length: 4}, (_, i) => ({input: {path: corpusPath('code_and_formula.json')}, to: ['markdown'], out: join(out, `c${i}`)})),
      {connection: redis.url, queue}
    )
    for (const id of ids) expect(await settled(handle, id)).toBe('completed')
    const starts = (await Promise.all(ids.map((id) => handle.getJob(id)))).map((job) => job!.processedOn!).sort((a, b) => a - b)
    // At most 2 starts in any 400 ms: the third starts a window after the first.
    expect(starts[2]! - starts[0]!).toBeGreaterThanOrEqual(400 - 5)
  })

  describe('{url} inputs', () => {
    let server: ReturnType<typeof createServer>
    let base: string
    const plan = new Map<string, Array<(response: ServerResponse) => void>>()
    const hits = new Map<string, number>()
    const body = readFileSync(corpusPath('code_and_formula.json'))
    beforeAll(async () => {
      server = createServer((request: IncomingMessage, response: ServerResponse) => {
        const path = request.url ?? ''
        hits.set(path, (hits.get(path) ?? 0) + 1)
        const next = plan.get(path)?.shift()
        if (next) return next(response)
        response.writeHead(200, {'content-type': 'application/json'}).end(body)
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    })
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

    it('retries a network failure with backoff, then writes what batch writes', async () => {
      const {queue, handle} = setUp()
      plan.set('/flaky/doc.json', [(r) => r.writeHead(503).end('busy'), (r) => r.destroy()])
      const out = tempDir()
      const id = await add(queue, {input: {url: `${base}/flaky/doc.json`}, to: ['markdown'], out: `${out}/`}, 5)
      expect(await settled(handle, id)).toBe('completed')
      expect((await handle.getJob(id))!.attemptsMade).toBe(3)
      expect(hits.get('/flaky/doc.json')).toBe(3)
      const reference = tempDir()
      await cli(['batch', corpusPath('code_and_formula.json'), '--out', reference, '-j', '0', '-q'])
      expect(readFileSync(join(out, 'doc.md'))).toEqual(readFileSync(join(reference, 'code_and_formula.md')))
    })

    it('does not retry a 404, nor an input over the byte limit', async () => {
      const {queue, handle} = setUp()
      plan.set('/gone.json', [(r) => r.writeHead(404).end()])
      const gone = await add(queue, {input: {url: `${base}/gone.json`}, to: ['markdown'], out: `${tempDir()}/`}, 5)
      const large = await add(queue, {input: {url: `${base}/large.json`}, to: ['markdown'], out: `${tempDir()}/`, options: {maxInputBytes: 1000}}, 5)
      expect(await settled(handle, gone)).toBe('failed')
      expect(await settled(handle, large)).toBe('failed')
      expect((await handle.getJob(gone))!.failedReason).toBe(`GET ${base}/gone.json: 404 Not Found`)
      expect((await handle.getJob(large))!.failedReason).toBe(`${base}/large.json is larger than the input limit of 1000 bytes (options.maxInputBytes)`)
      expect([(await handle.getJob(gone))!.attemptsMade, (await handle.getJob(large))!.attemptsMade]).toEqual([1, 1])
    })

    it('fails a job whose worker lost it three times (maxStalledCount 2) rather than hand it out again', async () => {
      // A worker that never renews its locks loses each job it holds, as a dead worker does.
      const {queue, worker, handle} = setUp({concurrency: 5, lockDurationMs: 300, stalledIntervalMs: 100, workerOptions: {skipLockRenewal: true}})
      const held: ServerResponse[] = []
      plan.set('/forever.json', Array.from({length: 5}, () => (response: ServerResponse) => void held.push(response)))
      try {
        const id = await add(queue, {input: {url: `${base}/forever.json`}, to: ['markdown'], out: `${tempDir()}/`})
        expect(await settled(handle, id)).toBe('failed')
        expect((await handle.getJob(id))!.failedReason).toMatch(/stalled more than allowable limit/)
        expect(hits.get('/forever.json')).toBe(3)
      } finally {
        for (const response of held) response.destroy()
        await worker.close()
      }
    })

    it('finishes the job in hand when closed (graceful shutdown), and reports progress', async () => {
      const {queue, worker, handle} = setUp()
      const events = track(new QueueEvents(queue, {connection: {url: redis.url}}))
      await events.waitUntilReady()
      const stages: string[] = []
      events.on('progress', ({data}) => stages.push((data as {stage: string}).stage))
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      plan.set('/slow.json', [(r) => void held.then(() => r.writeHead(200).end(body))])
      const out = tempDir()
      const id = await add(queue, {input: {url: `${base}/slow.json`}, to: ['markdown'], out: `${out}/`})
      await until(() => hits.get('/slow.json') === 1)
      const closing = worker.close()
      release()
      await closing
      expect(await handle.getJobState(id)).toBe('completed')
      expect([...tree(out).keys()]).toEqual(['slow.md'])
      await until(() => stages.includes('done'))
      expect(stages).toEqual(['fetching', 'converting', 'done'])
    })
  })

  describe('{jobId} inputs, against the contract server', () => {
    it('waits for the extraction job, fetches it and writes what batch writes from the job', async () => {
      const api = track(await createContractServer())
      const document = parseDocument(readFileSync(corpusPath('multi_page.json')))
      const extraction = api.addJob({document, statuses: ['queued', 'processing', 'processing', 'completed']})
      const {queue, handle} = setUp({apiKey: 'test_key', baseUrl: api.url})
      const out = tempDir()
      const id = await add(queue, {input: {jobId: extraction}, to: ['markdown', 'json'], out: `${out}/`, options: {furniture: true}})
      expect(await settled(handle, id)).toBe('completed')
      expect(api.requests.filter((r) => r.path === `/v1/jobs/${extraction}`)).toHaveLength(4)
      // The reference: batch on the job response as the API serves it.
      const dir = tempDir()
      const job = await cli(['job', 'get', extraction, '--base-url', api.url], {env: {DOCMODEL_API_KEY: 'test_key'}})
      writeFileSync(join(dir, `${extraction}.json`), job.stdout)
      const reference = tempDir()
      expect((await cli(['batch', dir, '--out', reference, '--to', 'markdown,json', '--furniture', '-j', '0', '-q'])).code).toBe(0)
      const expected = batchOutputs(reference)
      expect(tree(out)).toEqual(expected)
    })

    it('retries a dropped connection, but not a failed extraction nor an unknown job', async () => {
      const api = track(await createContractServer())
      const flaky = api.addJob()
      // The client retries 3 times itself: 4 drops make one failed attempt of the queue job.
      api.injectFaults(flaky, {kind: 'drop'}, {kind: 'drop'}, {kind: 'drop'}, {kind: 'drop'})
      const failed = api.addJob({statuses: ['failed'], error: {code: 'EXTRACTION_FAILED', message: 'unreadable scan'}})
      const {queue, handle} = setUp({apiKey: 'test_key', baseUrl: api.url})
      const ids = await Promise.all([flaky, failed, 'no_such_job'].map((jobId) => add(queue, {input: {jobId}, to: ['markdown'], out: `${tempDir()}/`}, 3)))
      expect(await Promise.all(ids.map((id) => settled(handle, id)))).toEqual(['completed', 'failed', 'failed'])
      const jobs = await Promise.all(ids.map((id) => handle.getJob(id)))
      expect(jobs.map((job) => job!.attemptsMade)).toEqual([2, 1, 1])
      expect(jobs[1]!.failedReason).toBe(`job ${failed} failed: EXTRACTION_FAILED: unreadable scan`)
      expect(jobs[2]!.failedReason).toMatch(/404/)
    })

    it('fails such a job when no API key is set, saying which variable to set', async () => {
      const saved = process.env.DOCMODEL_API_KEY
      delete process.env.DOCMODEL_API_KEY
      try {
        const {queue, handle} = setUp()
        const id = await add(queue, {input: {jobId: 'job_1'}, to: ['markdown'], out: `${tempDir()}/`})
        expect(await settled(handle, id)).toBe('failed')
        expect((await handle.getJob(id))!.failedReason).toBe('a {jobId} input needs an API key: set DOCMODEL_API_KEY for the worker')
      } finally {
        if (saved !== undefined) process.env.DOCMODEL_API_KEY = saved
      }
    })
  })

  it('waitForJobs counts jobs that ended before it was called, and lists the failed ones', async () => {
    const {queue, handle} = setUp()
    const out = tempDir()
    const ids = await enqueue(
      [
        {input: {path: corpusPath('multi_page.json')}, to: ['markdown'], out: join(out, 'a')},
        {input: {path: join(out, 'missing.json')}, to: ['markdown'], out: join(out, 'b')}
      ],
      {connection: redis.url, queue}
    )
    for (const id of ids) await settled(handle, id)
    const seen: number[] = []
    const result = await waitForJobs(ids, {connection: redis.url, queue, intervalMs: 50, onProgress: (p) => seen.push(p.done + p.failed)})
    expect(result).toEqual({done: 1, failed: [{id: ids[1], reason: `cannot read ${join(out, 'missing.json')}: no such file (ENOENT)`}], complete: true})
    expect(seen.at(-1)).toBe(2)
  })

  it('waitForJobs still ends when the event stream lost the events, and fails a job removed before its end was seen', async () => {
    const {queue, handle} = setUp()
    const out = tempDir()
    const ids = await enqueue(
      [0, 1].map((i) => ({input: {path: corpusPath('code_and_formula.json')}, to: ['markdown'], out: join(out, `x${i}`)})),
      {connection: redis.url, queue}
    )
    for (const id of ids) await settled(handle, id)
    const client = new Redis(redis.url)
    await client.del(`bull:${queue}:events`)
    await client.quit()
    await (await handle.getJob(ids[1]!))!.remove()
    const result = await waitForJobs(ids, {connection: redis.url, queue, intervalMs: 50})
    expect(result).toEqual({done: 1, failed: [{id: ids[1], reason: 'the job is no longer in the queue (removed before its end was seen)'}], complete: true})
  })

  it('honours the API\'s Retry-After while waiting for a {jobId}', async () => {
    const api = track(await createContractServer())
    const extraction = api.addJob({statuses: ['processing', 'completed'], retryAfter: '1'})
    const {queue, handle} = setUp({apiKey: 'test_key', baseUrl: api.url})
    const id = await add(queue, {input: {jobId: extraction}, to: ['markdown'], out: `${tempDir()}/`})
    expect(await settled(handle, id)).toBe('completed')
    const polls = api.requests.filter((r) => r.path === `/v1/jobs/${extraction}`).map((r) => r.at)
    expect(polls).toHaveLength(2)
    expect(polls[1]! - polls[0]!).toBeGreaterThanOrEqual(990)
  })

  it('refuses invalid data at enqueue, naming the job and field, and adds nothing', async () => {
    const {queue, handle} = setUp()
    await expect(
      enqueue([{input: {path: '/a.json'}, to: ['markdown'], out: '/o/'}, {input: {path: '/b.json'}, to: [], out: '/o/'} as QueueJobData], {connection: redis.url, queue})
    ).rejects.toThrow('jobs[1].to: Too small: expected array to have >=1 items')
    expect(await handle.count()).toBe(0)
  })
})
