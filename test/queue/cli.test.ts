// The enqueue command in-process (runCli), with a worker in this process, against a real redis-server.
import {copyFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {createWorker} from '../../src/queue/index.js'
import {cli, tempDir} from '../cli/helpers.js'
import {corpusPath} from '../helpers/paths.js'
import {tree} from './helpers.js'
import {type RedisServer, freePort, hasRedis, startRedis} from './redis.js'

describe.skipIf(!hasRedis)('docmodel enqueue', {timeout: 30_000}, () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    await redis?.stop()
  })

  it('--wait exits 3 when a job failed, listing it by its input, and 0 for the rest', async () => {
    const input = tempDir()
    copyFileSync(corpusPath('multi_page.json'), join(input, 'good.json'))
    writeFileSync(join(input, 'broken.json'), '{"pages": [')
    const out = tempDir()
    const worker = createWorker({connection: redis.url, queue: 'cli-wait'})
    try {
      const run = await cli(['enqueue', input, '--redis', redis.url, '--queue', 'cli-wait', '--out', out, '--wait', '--progress'], {cwd: input})
      expect(run.code).toBe(3)
      const name = join(input, 'broken.json')
      expect(run.stderr).toContain(`\r\x1b[Kfailed: ${name}: Invalid document (1 issue): (root): invalid JSON`)
      expect(run.stderr).toMatch(/\[####################\] 2\/2 100% · [\d.]+ files\/s · ETA 0:00 · 1 failed · 0 active\n/)
      expect(run.stderr).toMatch(new RegExp(`enqueue: 1 done, 1 failed in [\\d.]+ s \\([\\d.]+ files/s\\)\\n  ${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: Invalid document`))
      expect([...tree(out).keys()]).toEqual(['good.md'])
    } finally {
      await worker.close()
    }
  })

  it('checks the flags before adding anything (exit 2), as batch does', async () => {
    const run = await cli(['enqueue', corpusPath('multi_page.json'), '--redis', redis.url, '--out', tempDir(), '--to', 'chunks'])
    expect([run.code, run.stderr]).toEqual([2, 'docmodel: --to chunks needs --max-tokens or --max-chars: the largest chunk\n'])
  })

  it('refuses a --job-id the jobs client would refuse before adding anything (exit 2), not at the worker', async () => {
    for (const id of ['..', '.', 'a/b', 'a\\b']) {
      const run = await cli(['enqueue', '--job-id', 'good', '--job-id', id, '--redis', redis.url, '--queue', 'cli-bad-id', '--out', tempDir()])
      expect([run.code, run.stderr], id).toEqual([
        2,
        'docmodel: jobs[1].input.jobId: expected a job id that is one URL path segment (not "." or "..", no slash, backslash, control character or lone surrogate)\n'
      ])
    }
  })

  it('exits 4 when Redis cannot be reached, naming it without its password', async () => {
    const port = await freePort()
    const run = await cli(['enqueue', corpusPath('multi_page.json'), '--redis', `redis://user:secret@127.0.0.1:${port}`, '--out', tempDir()])
    expect(run.code).toBe(4)
    expect(run.stderr).toBe(`docmodel: cannot use Redis at redis://user:***@127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`)
  })
})

describe('docmodel worker', () => {
  it('refuses bad flags before connecting (exit 2)', async () => {
    expect(await cli(['worker', '--base-url', 'http://example.com'])).toMatchObject({
      code: 2,
      stderr: 'docmodel: baseUrl: expected https: (or http: to a loopback address), got "http://example.com"\n'
    })
    expect(await cli(['worker', '--rate-limit', '10'])).toMatchObject({code: 2})
    expect(await cli(['worker', '--concurrency', '0'])).toMatchObject({code: 2, stderr: 'docmodel: --concurrency: expected a whole number ≥ 1, got "0"\n'})
    expect(await cli(['worker', 'extra'])).toMatchObject({code: 2, stderr: 'docmodel: worker takes no arguments, got "extra"\n'})
  })
})
