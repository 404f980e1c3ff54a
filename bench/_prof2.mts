import {parseJob} from '../src/index.js'
import {block, documentOf} from './hostile-documents.js'
import {shapes} from './cost-shapes/client.js'
const job = (document: unknown) => ({job_id: 'j', status: 'completed', file_info: {filename: 'a.pdf', size_bytes: 1, mime_type: 'application/pdf'}, created_at: '2026-05-14T12:00:00Z', started_at: null, completed_at: null, estimated_seconds: null, status_url: 'https://api.example.com/v1/jobs/j', expires_at: null, document, markdown: '', cache_hit: false, error: null})
const t = async (f: () => unknown) => { await f(); let m = Infinity; for (let i = 0; i < 7; i++) { const t0 = performance.now(); await f(); m = Math.min(m, performance.now() - t0) } return m.toFixed(2) }
const shape = shapes.find((s) => s.name.includes('completed job'))!
for (const n of [1, 10]) {
  const body = JSON.stringify(job(documentOf(Array.from({length: 500 * n}, (_, i) => block(i)))))
  const client = shape.make(n)
  console.log(n, body.length, 'parseJob', await t(() => parseJob(body)), 'blob read', await t(() => new Response(new Blob([body]).stream()).text()), 'getJob', await t(() => shape.run(client)))
}
