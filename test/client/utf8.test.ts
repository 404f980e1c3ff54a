// A job whose body is not UTF-8 is refused, as the CLI refuses such a file: decoding it leniently
// turned the bad bytes into U+FFFD, a changed text nobody was told about. A real server on 127.0.0.1.
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {afterEach, describe, expect, it} from 'vitest'
import {ValidationError, createClient} from '../../src/index.js'
import {completedJob} from '../helpers/arbitraries.js'
import {EXAMPLE, readJsonFile} from '../helpers/paths.js'
import {failure} from '../helpers/rejection.js'

let server: Server | undefined
afterEach(() => server?.close())

/** A server answering every request with `status` and these bytes. */
async function serving(status: number, body: Buffer): Promise<string> {
  server = createServer((_, response) => response.writeHead(status, {'content-type': 'application/json'}).end(body))
  await new Promise<void>((listening) => server!.listen(0, '127.0.0.1', listening))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const job = JSON.stringify(completedJob(readJsonFile(EXAMPLE)))
const at = job.indexOf('Quarterly Report')
/** The job with a Latin-1 é (0xE9, not UTF-8) in its first heading. */
const latin1 = Buffer.concat([Buffer.from(job.slice(0, at)), Buffer.from([0xe9]), Buffer.from(job.slice(at))])

describe('getJob on a body that is not UTF-8', () => {
  it('throws ValidationError invalid_utf8, never a text with U+FFFD in place of the byte', async () => {
    const client = createClient({apiKey: 'test_key', baseUrl: await serving(200, latin1), retry: {retries: 0}})
    const error = await failure(client.getJob('j'))
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).issues.map((issue) => issue.code)).toEqual(['invalid_utf8'])
  })

  it('still reads an error answer cut mid-character leniently (its message only)', async () => {
    const client = createClient({apiKey: 'test_key', baseUrl: await serving(404, Buffer.from('{"error":{"code":"JOB_NOT_FOUND","message":"caf\xe9"}}', 'latin1')), retry: {retries: 0}})
    const error = await failure(client.getJob('j'))
    expect(error).toMatchObject({name: 'ApiError', code: 'JOB_NOT_FOUND', message: expect.stringContaining('caf\uFFFD')})
  })
})
