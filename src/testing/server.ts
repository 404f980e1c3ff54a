import {type IncomingMessage, type ServerResponse, createServer} from 'node:http'
import type {AddressInfo, Socket} from 'node:net'
import type {Document, Job, JobStatus} from '../model/index.js'
import {TERMINAL_STATUSES} from '../model/constants.js'

/** A misbehaviour the server plays once, on the next request for a job (or for any job). */
export type Fault =
  | {kind: 'status'; status: number; retryAfter?: string; body?: string; contentType?: string; headers?: Record<string, string>}
  | {kind: 'drop'}
  | {kind: 'slow'; delayMs: number}
  | {kind: 'malformed'; body: string}
  | {kind: 'endless'; status?: number; intervalMs?: number; onClose?: (bytesSent: number) => void}
  | {kind: 'length'; declared: number; onClose?: (bytesSent: number) => void}
  | {kind: 'echo'; where: EchoPlace}

/** Where an `echo` fault puts the request's `Authorization` header, as a hostile or careless server would. */
export type EchoPlace = 'message' | 'code' | 'html' | 'status_text' | 'job_error' | 'invalid_value' | 'escaped'

export interface ContractJobOptions {
  /** Job id (default: a counter, `job_1`, `job_2`, …). */
  id?: string
  /** The key that owns the job; other keys get 404 (default: the first key). */
  owner?: string
  /** Statuses the job shows on successive GETs; the last one sticks (default: queued, processing, completed). */
  statuses?: JobStatus[]
  /** The `Retry-After` sent while the job is not terminal, in seconds (default: `'0'`). */
  retryAfter?: string
  /** The document of the completed job (default: a one-heading document). */
  document?: Document
  /** The error of a failed job (default: `EXTRACTION_FAILED`). */
  error?: {code: string; message: string}
}

export interface ContractServerOptions {
  /** API keys and their scopes (default: `{test_key: ['jobs:read', 'jobs:write']}`). */
  keys?: Record<string, string[]>
}

export interface ContractServer {
  /** `http://127.0.0.1:<port>`: pass it as the client's `baseUrl`. */
  url: string
  /** Adds a job and returns its id. */
  addJob(options?: ContractJobOptions): string
  /** Plays these faults, in order, on the next requests for the job (`'*'`: any job). */
  injectFaults(id: string, ...faults: Fault[]): void
  /** The requests served so far: method, path, and the time they arrived. */
  requests: Array<{method: string; path: string; at: number}>
  /** The job as the server holds it now. */
  job(id: string): Job | undefined
  close(): Promise<void>
}

interface StoredJob {
  owner: string
  statuses: JobStatus[]
  polls: number
  retryAfter: string
  document: Document
  error: {code: string; message: string}
  cancelled: boolean
  purged: boolean
}

const sampleDocument: Document = {
  source: {kind: 'pdf', filename: 'doc.pdf', file_hash: `sha256:${'0'.repeat(64)}`, page_count: 1, page_sizes: [[8.5, 11]]},
  extraction: {model: 'contract-server', profile: 'test', duration_ms: 1, faithfulness_score: 1, per_page_failures: []},
  pages: [
    {
      page: 1,
      blocks: [
        {
          id: 'blk_1',
          type: 'heading',
          role: 'title',
          page: 1,
          bbox: [0.1, 0.05, 0.9, 0.1],
          bbox_units: 'normalized',
          reading_order_index: 0,
          text: 'Test document',
          text_source: 'verified',
          confidence: 1,
          verified: true
        }
      ]
    }
  ]
}

/**
 * A local HTTP server (127.0.0.1, a free port) that implements the jobs contract: jobs that move
 * queued → processing → completed over polls with `Retry-After`, cancel and purge with their
 * 204/404/409/403 answers, keys with scopes, and injectable faults (error statuses, dropped
 * connections, slow or malformed answers). For testing pipelines offline.
 *
 * @example
 * const server = await createContractServer()
 * const id = server.addJob()
 * const client = createClient({apiKey: 'test_key', baseUrl: server.url})
 * await client.waitForJob(id)
 * await server.close()
 */
export async function createContractServer(options: ContractServerOptions = {}): Promise<ContractServer> {
  const keys = options.keys ?? {test_key: ['jobs:read', 'jobs:write']}
  const jobs = new Map<string, StoredJob>()
  const faults = new Map<string, Fault[]>()
  const requests: ContractServer['requests'] = []
  const sockets = new Set<Socket>()
  let counter = 0
  const created = '2026-05-14T12:00:00Z'

  const view = (id: string, stored: StoredJob): Job => {
    const status: JobStatus = stored.cancelled ? 'cancelled' : stored.statuses[Math.min(stored.polls, stored.statuses.length - 1)]!
    const done = status === 'completed' && !stored.purged
    return {
      job_id: id,
      status,
      file_info: {filename: 'doc.pdf', size_bytes: 184321, mime_type: 'application/pdf'},
      created_at: created,
      started_at: status === 'queued' ? null : '2026-05-14T12:00:01Z',
      completed_at: TERMINAL_STATUSES.includes(status) ? '2026-05-14T12:00:08Z' : null,
      estimated_seconds: ['queued', 'processing'].includes(status) ? 5 : 0,
      status_url: `https://api.ocrqueen.com/v1/jobs/${encodeURIComponent(id)}`,
      expires_at: null,
      document: done ? stored.document : status === 'completed' ? emptyDocument(stored.document) : null,
      markdown: status === 'completed' ? (done ? '# Test document\n' : '') : null,
      cache_hit: false,
      error: status === 'failed' ? stored.error : status === 'cancelled' ? {code: 'CANCELLED', message: 'Cancelled by the customer.'} : null
    }
  }

  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    const text = body === undefined ? '' : JSON.stringify(body)
    res.writeHead(status, {...(text ? {'content-type': 'application/json'} : {}), ...headers})
    res.end(text)
  }
  const fail = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, {error: {code, message}})

  /** A body that never ends (`endless`), or a `Content-Length` far beyond what is sent (`length`). */
  const stream = (res: ServerResponse, fault: Extract<Fault, {kind: 'endless' | 'length'}>) => {
    let sent = 0
    let timer: NodeJS.Timeout | undefined
    const chunk = Buffer.alloc(64 * 1024, 'x')
    res.on('close', () => {
      clearTimeout(timer)
      fault.onClose?.(sent)
    })
    if (fault.kind === 'length') {
      res.writeHead(200, {'content-type': 'application/json', 'content-length': String(fault.declared)})
      res.write('{"job_id": ')
      sent = 11
      return
    }
    res.writeHead(fault.status ?? 200, {'content-type': 'application/json'})
    const pump = () => {
      if (res.destroyed) return
      // Waits for the socket to drain between chunks: the server's own memory stays bounded.
      const more = res.write(chunk)
      sent += chunk.length
      if (fault.intervalMs) timer = setTimeout(pump, fault.intervalMs)
      else if (more) setImmediate(pump)
      else res.once('drain', pump)
    }
    pump()
  }

  /** An answer that carries the caller's `Authorization` header back in the place named. */
  const echo = (res: ServerResponse, id: string, authorization: string, where: EchoPlace) => {
    if (where === 'message') return fail(res, 400, 'BAD_REQUEST', `Rejected header: authorization: ${authorization}`)
    if (where === 'code') return fail(res, 400, authorization, 'The code is the header.')
    if (where === 'escaped') {
      const escaped = [...authorization].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
      res.writeHead(400, {'content-type': 'application/json'})
      return res.end(`{"error": {"code": "BAD_REQUEST", "message": "Rejected: ${escaped}"}}`)
    }
    if (where === 'html') {
      res.writeHead(400, {'content-type': 'text/html'})
      return res.end(`<html><body><h1>Bad request</h1><pre>authorization: ${authorization}</pre></body></html>`)
    }
    if (where === 'status_text') {
      res.writeHead(400, `Bad header ${authorization}`)
      return res.end()
    }
    const job = {...view(id, jobs.get(id) ?? placeholder()), status: 'failed' as JobStatus, document: null, markdown: null}
    if (where === 'job_error') return send(res, 200, {...job, error: {code: `E_${authorization}`, message: `Bad key ${authorization}`}})
    return send(res, 200, {...job, status: authorization})
  }
  const placeholder = (): StoredJob => ({
    owner: '',
    statuses: ['failed'],
    polls: 0,
    retryAfter: '0',
    document: sampleDocument,
    error: {code: 'E', message: 'e'},
    cancelled: false,
    purged: false
  })

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    requests.push({method: req.method ?? '', path, at: Date.now()})
    const match = /^\/v1\/jobs\/([^/]+)(\/purge)?$/.exec(path)
    const id = match ? decodeURIComponent(match[1]!) : ''
    const fault = faults.get(id)?.shift() ?? faults.get('*')?.shift()
    if (fault?.kind === 'drop') return req.socket.destroy()
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
    if (fault?.kind === 'endless' || fault?.kind === 'length') return stream(res, fault)
    if (fault?.kind === 'echo') return echo(res, id, req.headers.authorization ?? '', fault.where)
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, {
        'content-type': fault.contentType ?? 'application/json',
        ...(fault.retryAfter === undefined ? {} : {'retry-after': fault.retryAfter}),
        ...fault.headers
      })
      return res.end(fault.body ?? JSON.stringify({error: {code: `HTTP_${fault.status}`, message: 'injected fault'}}))
    }

    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (!key || !Object.hasOwn(keys, key)) return fail(res, 401, 'UNAUTHENTICATED', 'Missing or unknown API key.')
    const stored = jobs.get(id)
    if (!match || !stored || stored.owner !== key) return fail(res, 404, 'JOB_NOT_FOUND', 'No such job.')
    if (fault?.kind === 'malformed') {
      res.writeHead(200, {'content-type': 'application/json'})
      return res.end(fault.body)
    }

    const purge = match[2] !== undefined
    if (req.method === 'GET' && !purge) {
      const job = view(id, stored)
      stored.polls++
      const terminal = TERMINAL_STATUSES.includes(job.status)
      return send(res, terminal ? 200 : 202, job, terminal ? {} : {'retry-after': stored.retryAfter})
    }
    if (req.method === 'DELETE' && !purge) {
      const status = view(id, stored).status
      if (status === 'completed' || status === 'failed' || status === 'cancelled')
        return fail(res, 409, `JOB_ALREADY_${status.toUpperCase()}`, `The job is already ${status}.`)
      stored.cancelled = true
      return send(res, 204)
    }
    if (req.method === 'POST' && purge) {
      if (!keys[key]!.includes('jobs:write')) return fail(res, 403, 'INSUFFICIENT_SCOPE', 'The key is missing the jobs:write scope.')
      stored.purged = true
      return send(res, 204)
    }
    return fail(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here.`)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    addJob(job = {}) {
      const id = job.id ?? `job_${++counter}`
      jobs.set(id, {
        owner: job.owner ?? Object.keys(keys)[0]!,
        statuses: job.statuses ?? ['queued', 'processing', 'completed'],
        polls: 0,
        retryAfter: job.retryAfter ?? '0',
        document: job.document ?? sampleDocument,
        error: job.error ?? {code: 'EXTRACTION_FAILED', message: 'The PDF is encrypted.'},
        cancelled: false,
        purged: false
      })
      return id
    },
    injectFaults(id, ...list) {
      faults.set(id, [...(faults.get(id) ?? []), ...list])
    },
    job: (id) => {
      const stored = jobs.get(id)
      return stored && view(id, stored)
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/** What a purged job keeps of its document: the source and pages, no blocks. */
function emptyDocument(document: Document): Document {
  return {...document, pages: []}
}
