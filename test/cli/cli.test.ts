import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {toJSONSchema} from '../../src/index.js'
import {type ContractServer, createContractServer} from '../../src/testing/index.js'
import {EXAMPLE, readJsonFile, repoPath} from '../helpers/paths.js'

const BIN = repoPath('dist/cli/main.js')
const example = readFileSync(repoPath(EXAMPLE), 'utf8')
const fixture = (name: string) => repoPath(`test/fixtures/conformance/${name}`)

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the built CLI as a real subprocess. */
function cli(args: string[], {input, env = {}}: {input?: string; env?: Record<string, string>} = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {env: {PATH: process.env.PATH, ...env}})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stdout, stderr}))
    child.stdin.end(input ?? '')
  })
}

describe('docmodel (global)', () => {
  it('prints help and the version', async () => {
    const help = await cli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/Commands:\n  render {4}render a document/)
    expect(help.stdout).toContain('Exit codes: 0 ok · 1 unexpected error · 2 usage · 3 invalid input · 4 API or network failure')
    expect((await cli(['--version'])).stdout).toBe(`${(readJsonFile('package.json') as {version: string}).version}\n`)
    for (const command of ['render', 'validate', 'filter', 'stats', 'schema', 'job']) {
      const run = await cli([command, '--help'])
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(new RegExp(`^Usage: docmodel ${command}`))
    }
  })

  it('exits 2 on usage errors, with one readable line and no stack trace', async () => {
    for (const args of [
      ['frob'],
      ['render', '--bogus'],
      ['render', '--images', 'inline'],
      ['filter', '--min-confidence', '2', fixture('valid/document-every-block-type.json')],
      ['filter', '--types', 'widget', '-'],
      []
    ]) {
      const run = await cli(args, {input: example})
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr + run.stdout).not.toMatch(/\n\s+at /)
    }
    expect((await cli(['render', '--images', 'inline'])).stderr).toBe(
      'docmodel: --images: expected one of placeholder, embed, omit, got "inline"\n'
    )
    expect((await cli(['filter', '--types', 'widget', '-'], {input: example})).stderr).toBe(
      'docmodel: types: expected known block types, got "widget"\n'
    )
  })
})

describe('docmodel (unexpected failures)', () => {
  it('exits 1 with one line and a hint, and prints the stack only with --debug', async () => {
    // Valid, but too deep to print as JSON: a failure the CLI does not foresee.
    const file = join(mkdtempSync(join(tmpdir(), 'docmodel-')), 'deep.json')
    writeFileSync(file, example.trimEnd().slice(0, -1) + `, "x_deep": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`)
    expect(await cli(['filter', file])).toMatchObject({
      code: 1,
      stderr: 'docmodel: unexpected error: Maximum call stack size exceeded (run with --debug for details)\n'
    })
    const debug = await cli(['filter', file, '--debug'])
    expect(debug.code).toBe(1)
    expect(debug.stderr).toMatch(/^docmodel: unexpected error: RangeError: Maximum call stack size exceeded\n\s+at /)
  })
})

describe('docmodel render', () => {
  it('renders the bundled example with no file', async () => {
    const run = await cli(['render'])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(readFileSync(repoPath('test/fixtures/render/example/output.md'), 'utf8'))
  })

  it('reads stdin (-) and files, job responses and bare documents alike', async () => {
    const fromStdin = await cli(['render', '-'], {input: example})
    expect(fromStdin.stdout).toBe((await cli(['render', repoPath(EXAMPLE)])).stdout)
    const job = await cli(['render', fixture('valid/job-completed-reference-example.json')])
    expect(job.stdout).toBe('# Quarterly Report\n')
  })

  it('maps the renderer options to flags and writes -o', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docmodel-'))
    const run = await cli([
      'render',
      '--furniture',
      '--page-breaks',
      'comment',
      '--images',
      'embed',
      '--no-embedded-text',
      '-o',
      join(dir, 'out.md')
    ])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('')
    expect(readFileSync(join(dir, 'out.md'), 'utf8')).toBe(
      readFileSync(repoPath('test/fixtures/render/example-furniture-comments/output.md'), 'utf8').replace(
        'Text in image: NORTHWIND\n\n',
        ''
      )
    )
    const trusted = await cli(['render', '--preset', 'trusted', '--page-breaks', 'rule', '--no-embedded-text'])
    expect(trusted.stdout).toBe(readFileSync(repoPath('test/fixtures/render/example-trusted-rules/output.md'), 'utf8'))
    const verified = await cli(['render', '--text-source', 'verified', '--min-confidence', '0.99'])
    expect(verified.stdout).not.toContain('Handwritten')
  })

  it('prints render warnings to stderr unless --quiet', async () => {
    const input = fixture('valid/document-every-block-type.json')
    const doc = JSON.parse(readFileSync(input, 'utf8'))
    doc.pages[1].blocks[7].latex = '\\frac{'
    const run = await cli(['render', '-'], {input: JSON.stringify(doc)})
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/^warning: block blk_207: LaTeX rejected by KaTeX/)
    expect((await cli(['render', '-q', '-'], {input: JSON.stringify(doc)})).stderr).toBe('')
  })

  it('exits 3 on invalid input, one line per issue', async () => {
    const run = await cli(['render', fixture('invalid/document-text-wrong-type.json')])
    expect(run.code).toBe(3)
    expect(run.stderr).toBe('docmodel: Invalid document (1 issue):\nerror pages[0].blocks[3].text: expected string, got 5\n')
    expect(await cli(['render', fixture('valid/job-queued.json')])).toMatchObject({
      code: 3,
      stderr: 'docmodel: the job has no document to render (status "queued")\n'
    })
    const missing = await cli(['render', 'nope.json'])
    expect(missing).toMatchObject({code: 3, stderr: 'docmodel: cannot read nope.json: ENOENT\n'})
    expect((await cli(['render', '-'], {input: '{"source": '})).stderr).toMatch(
      /^docmodel: Invalid document \(1 issue\):\nerror \(root\): invalid JSON at line 1, column 12 \(offset 11\)/
    )
  })
})

describe('docmodel validate', () => {
  it('says ok, and lists warnings without failing in lenient mode', async () => {
    expect(await cli(['validate', repoPath(EXAMPLE)])).toMatchObject({code: 0, stdout: `ok: ${repoPath(EXAMPLE)} is a valid document\n`})
    const warned = await cli(['validate', fixture('valid/document-duplicate-block-id.json')])
    expect(warned.code).toBe(0)
    expect(warned.stdout).toBe(
      `warning pages[0].blocks[2].id: expected a unique id, got "blk_101" again (first at pages.0.blocks.1)\nok: ${fixture('valid/document-duplicate-block-id.json')} is a valid document (1 warning)\n`
    )
  })

  it('fails on warnings and unknown keys with --strict', async () => {
    const run = await cli(['validate', '--strict', fixture('valid/document-duplicate-block-id.json')])
    expect(run.code).toBe(3)
    expect(run.stdout).toMatch(/^error pages\[0\]\.blocks\[2\]\.id: expected a unique id/)
  })

  it('prints machine-readable issues with --json, from stdin', async () => {
    const run = await cli(['validate', '--json'], {input: readFileSync(fixture('invalid/job-completed-without-document.json'), 'utf8')})
    expect(run.code).toBe(3)
    expect(JSON.parse(run.stdout)).toEqual({
      valid: false,
      kind: 'job',
      mode: 'lenient',
      issues: [
        {
          code: 'status_invariant',
          path: ['document'],
          pointer: '/document',
          message: 'expected a document when status is "completed", got null',
          severity: 'error'
        }
      ]
    })
  })
})

describe('docmodel filter, stats, schema', () => {
  it('filter prints the filtered document as JSON', async () => {
    const run = await cli(['filter', '--types', 'heading', '--pages', '2-3', '--roles', 'section', repoPath(EXAMPLE)])
    expect(run.code).toBe(0)
    const doc = JSON.parse(run.stdout)
    expect(doc.pages.map((p: {blocks: Array<{text: string}>}) => p.blocks.map((b) => b.text))).toEqual([
      [],
      ['2. Revenue by region'],
      ['3. Data pipeline', '4. Outlook']
    ])
    const job = JSON.parse(
      (await cli(['filter', '--preset', 'trusted', '--verified', 'false', fixture('valid/job-completed-with-full-document.json')])).stdout
    )
    expect(job.job_id).toBeDefined()
    expect(job.document.pages.flatMap((p: {blocks: Array<{text_source: string}>}) => p.blocks.map((b) => b.text_source))).toEqual([
      'derived',
      'derived',
      'derived',
      'derived',
      'derived'
    ])
  })

  it('stats prints a table, or JSON', async () => {
    const run = await cli(['stats', repoPath(EXAMPLE)])
    expect(run.stdout.split('\n').slice(0, 4)).toEqual([
      'pages                        3',
      'blocks                      33',
      'by type',
      '  callout                    1'
    ])
    expect(run.stdout).toContain('  of characters          17.2%\n')
    expect(JSON.parse((await cli(['stats', '--json', '-'], {input: example})).stdout)).toMatchObject({
      pages: 3,
      blocks: 33,
      byTextSource: {verified: 24, inferred: 3, derived: 6}
    })
  })

  it('schema prints the JSON Schema', async () => {
    expect(JSON.parse((await cli(['schema'])).stdout)).toEqual(toJSONSchema('document'))
    expect(JSON.parse((await cli(['schema', 'job', '--strict'])).stdout)).toEqual(toJSONSchema('job', {strict: true}))
    expect((await cli(['schema', 'page'])).code).toBe(2)
  })
})

describe('docmodel job (against the contract server)', () => {
  let server: ContractServer
  beforeAll(async () => {
    server = await createContractServer({keys: {key_rw: ['jobs:read', 'jobs:write'], key_ro: ['jobs:read']}})
  })
  afterAll(() => server.close())
  const env = (key = 'key_rw') => ({DOCMODEL_API_KEY: key, DOCMODEL_BASE_URL: server.url})

  it('wait polls to completion and writes the markdown; quiet when piped', async () => {
    const id = server.addJob()
    const run = await cli(['job', 'wait', id, '--format', 'markdown'], {env: env()})
    expect(run).toMatchObject({code: 0, stdout: '# Test document\n', stderr: ''})
  })

  it('get prints the job JSON, or writes the document with -o', async () => {
    const id = server.addJob({statuses: ['completed']})
    expect(JSON.parse((await cli(['job', 'get', id], {env: env()})).stdout)).toMatchObject({job_id: id, status: 'completed'})
    const out = join(mkdtempSync(join(tmpdir(), 'docmodel-')), 'doc.json')
    expect((await cli(['job', 'get', id, '--format', 'document', '-o', out], {env: env()})).code).toBe(0)
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({pages: [{page: 1}]})
  })

  it('cancel and purge; API errors exit 4 with the code', async () => {
    const id = server.addJob({statuses: ['processing']})
    expect(await cli(['job', 'cancel', id], {env: env()})).toMatchObject({code: 0, stderr: `cancelled ${id}\n`})
    const again = await cli(['job', 'cancel', id], {env: env()})
    expect(again.code).toBe(4)
    expect(again.stderr).toMatch(/409 JOB_ALREADY_CANCELLED/)
    expect(await cli(['job', 'purge', id], {env: env()})).toMatchObject({code: 0, stderr: `purged ${id}\n`})
    expect((await cli(['job', 'purge', id], {env: env('key_ro')})).code).toBe(4)
    expect((await cli(['job', 'get', 'missing'], {env: env()})).stderr).toMatch(/404 JOB_NOT_FOUND/)
  })

  it('a failed job exits 4; a missing key exits 2', async () => {
    const id = server.addJob({statuses: ['failed'], error: {code: 'PDF_ENCRYPTED', message: 'Encrypted.'}})
    const run = await cli(['job', 'wait', id], {env: env()})
    expect(run.code).toBe(4)
    expect(run.stderr).toBe(`docmodel: job ${id} failed: PDF_ENCRYPTED: Encrypted.\n`)
    expect(await cli(['job', 'get', id], {env: {DOCMODEL_BASE_URL: server.url}})).toMatchObject({
      code: 2,
      stderr: 'docmodel: DOCMODEL_API_KEY is not set: export your API key first\n'
    })
  })

  it('a network failure exits 4', async () => {
    const run = await cli(['job', 'get', 'x'], {env: {DOCMODEL_API_KEY: 'k', DOCMODEL_BASE_URL: 'http://127.0.0.1:1'}})
    expect(run.code).toBe(4)
    expect(run.stderr).toMatch(/^docmodel: GET http:\/\/127\.0\.0\.1:1\/v1\/jobs\/x: fetch failed/)
  })
})
