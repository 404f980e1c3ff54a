// A {url} job whose staged download cannot be written (a full disk): the job fails, to be retried,
// and the worker lives on. A real process: `ulimit -f` makes writes past 100 KiB fail (EFBIG), and
// the processor runs alone (no Redis needed) against a real HTTP server on 127.0.0.1.
import {spawnSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {repoPath} from '../helpers/paths.js'

const script = `
  import {createServer} from 'node:http'
  const {createProcessor} = await import(process.env.QUEUE)
  const body = Buffer.alloc(4 << 20, 32) // 4 MiB of JSON whitespace
  const server = createServer((request, response) => response.end(body))
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening))
  const url = 'http://127.0.0.1:' + server.address().port + '/doc.json'
  const job = {id: '1', data: {input: {url}, to: ['markdown'], out: process.cwd() + '/out/'}, updateProgress: async () => {}}
  try {
    await createProcessor()(job)
    console.log('converted')
  } catch (error) {
    console.log(error.name + ': ' + error.message.replace(/\\/tmp\\S*/, '<staged>').replace(/:\\d+/, ':<port>'))
  }
  // undici opens a spare connection as the failed download's socket closes; close() alone waits ~3 s for it.
  server.close()
  server.closeAllConnections()`

describe('queue worker: a download it cannot stage', {timeout: 60_000}, () => {
  it('fails the job as a failed write (retried), not the worker with an unhandled error event', () => {
    const run = spawnSync('bash', ['--norc', '-c', 'ulimit -f 100; exec node --input-type=module -e "$SCRIPT"'], {
      encoding: 'utf8',
      env: {PATH: process.env.PATH, SCRIPT: script, QUEUE: repoPath('dist/queue/index.js')}
    })
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe('Error: cannot write <staged> (the download of http://127.0.0.1:<port>/doc.json): EFBIG\n')
    expect(run.status).toBe(0)
  })
})
