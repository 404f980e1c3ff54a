// Hostile shapes for the jobs client: error bodies, redaction, reading large answers.
import {createClient} from '../../src/index.js'
import {describeErrorBody} from '../../src/client/error-body.js'
import {createRedactor, redactValue} from '../../src/client/redact.js'
import {completedJob as job} from '../../test/helpers/arbitraries.js'
import {block, documentOf} from '../hostile-documents.js'
import type {CostShape} from './types.js'

const KEY = 'sk_live_0123456789abcdef'
const redact = createRedactor(KEY)
const errorBody = (input: unknown) => describeErrorBody(input as string)

/** A client whose `fetch` answers from memory: the body read, redaction and parse are measured, not a socket. */
function answering(body: string, status = 200) {
  const fetch = (async () =>
    new Response(new Blob([body]).stream(), {status, headers: {'content-type': 'application/json'}})) as unknown as typeof globalThis.fetch
  return createClient({apiKey: KEY, baseUrl: 'http://127.0.0.1:9', fetch, retry: {retries: 0}})
}


export const shapes: CostShape[] = [
  {name: "an HTML error body of 20k·n '<' (no '>')", entry: 'ApiError (error body)', make: (n) => '<'.repeat(20_000 * n), run: errorBody},
  {name: 'an HTML error body of 10k·n tags', entry: 'ApiError (error body)', make: (n) => '<b>x</b>'.repeat(10_000 * n), run: errorBody},
  {
    name: 'an error body of 1M·n whitespace characters',
    entry: 'ApiError (error body)',
    make: (n) => ' \t\r\n\u00a0\u3000'.repeat(170_000 * n) + 'x',
    run: errorBody
  },
  {
    name: 'a JSON error body with a 100 kB·n message',
    entry: 'ApiError (error body)',
    make: (n) => JSON.stringify({error: {code: 'X', message: 'm '.repeat(50_000 * n)}}),
    run: errorBody
  },
  {
    name: 'a 100 kB·n body echoing the key 2k·n times',
    entry: 'redaction',
    make: (n) => `Bearer ${KEY} and some text `.repeat(2_000 * n),
    run: (input) => redact(input as string)
  },
  {
    name: "a 1 MB·n body of the key's 7-character pieces (hash windows, no run of 8)",
    entry: 'redaction',
    make: (n) => Array.from({length: KEY.length - 6}, (_, i) => KEY.slice(i, i + 7) + '|').join('').repeat(Math.ceil((60_000 * n) / KEY.length)),
    run: (input) => redact(input as string)
  },
  {
    name: 'a 1 MB·n body of the key over and over, its case swapped (one run)',
    entry: 'redaction',
    make: (n) => KEY.toUpperCase().repeat(Math.ceil((1_000_000 * n) / KEY.length)),
    run: (input) => redact(input as string)
  },
  {
    name: 'a JSON error body of 100 kB·n, the key \\u-escaped at the message cut',
    entry: 'ApiError (error body)',
    make: (n) => JSON.stringify({message: 'x'.repeat(999)}).replace('"}', `${[...KEY].map((c) => `\\u00${c.charCodeAt(0).toString(16)}`).join('')}${' '.repeat(60_000 * n)}"}`),
    run: (input) => describeErrorBody(input as string, redact)
  },
  {
    name: 'a parsed body of 4k·n strings, 1k·n deep (\\u escapes)',
    entry: 'redaction',
    make: (n) => {
      let deep: unknown = KEY
      for (let i = 0; i < 1_000 * n; i++) deep = {k: [deep, `x${KEY}`, 'y', 'z']}
      return deep
    },
    run: (input) => redactValue(input, redact)
  },
  {
    name: 'a completed job of 100·n blocks, read from the body stream',
    entry: 'getJob',
    make: (n) => answering(JSON.stringify(job(documentOf(Array.from({length: 100 * n}, (_, i) => block(i)))))),
    run: (input) => (input as ReturnType<typeof createClient>).getJob('j')
  },
  {
    name: 'an error answer of 100 kB·n HTML',
    entry: 'getJob',
    make: (n) => answering(`<html><body>${'<p>bad gateway</p>\n'.repeat(5_500 * n)}</body></html>`, 400),
    run: (input) => (input as ReturnType<typeof createClient>).getJob('j').catch((error: Error) => error.message)
  }
]
