import {Readable} from 'node:stream'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/run.js'
import {type ContractServer, createContractServer} from '../../src/testing/index.js'

/** A writable that keeps what it is given and says whether it is a terminal. */
function sink(isTTY: boolean) {
  const chunks: string[] = []
  return {isTTY, chunks, write: (chunk: string) => (chunks.push(chunk), true)} as unknown as NodeJS.WritableStream & {
    isTTY: boolean
    chunks: string[]
  }
}

describe('docmodel job wait: progress', () => {
  let server: ContractServer
  beforeAll(async () => {
    server = await createContractServer()
  })
  afterAll(() => server.close())

  const run = async (tty: boolean) => {
    const id = server.addJob({retryAfter: '0'})
    const stderr = sink(tty)
    const stdout = sink(false)
    const code = await runCli(['job', 'wait', id, '--format', 'markdown'], {
      stdin: Readable.from([]),
      stdout,
      stderr,
      env: {DOCMODEL_API_KEY: 'test_key', DOCMODEL_BASE_URL: server.url}
    })
    return {id, code, stdout: stdout.chunks.join(''), stderr: stderr.chunks}
  }

  it('shows status, elapsed time and the next poll on a terminal', async () => {
    const {id, code, stdout, stderr} = await run(true)
    expect(code).toBe(0)
    expect(stdout).toBe('# Test document\n')
    expect(stderr.map((line) => line.replace(/\d+\.\ds elapsed/, 'Ts elapsed'))).toEqual([
      `\r\x1b[K${id}: queued · Ts elapsed · next poll in 0.0s`,
      `\r\x1b[K${id}: processing · Ts elapsed · next poll in 0.0s`,
      `\r\x1b[K${id}: completed · Ts elapsed\n`
    ])
  })

  it('stays quiet when stderr is not a terminal', async () => {
    expect((await run(false)).stderr).toEqual([])
  })
})
