import {lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parseDocument, render, toJSONSchema} from '../../src/index.js'
import {type ContractServer, createContractServer} from '../../src/testing/index.js'
import {EXAMPLE, repoPath} from '../helpers/paths.js'
import {cli, tempDir} from './helpers.js'

const example = readFileSync(repoPath(EXAMPLE), 'utf8')
const fixture = (name: string) => repoPath(`test/fixtures/conformance/${name}`)
const fixtureText = (name: string) => readFileSync(fixture(name), 'utf8')
const renderFixture = (name: string) => readFileSync(repoPath(`test/fixtures/render/${name}/output.md`), 'utf8')
type Doc = {pages: Array<{blocks: Array<{text?: string; text_source: string; confidence: number; type: string}>}>}
const blocksOf = (doc: Doc) => doc.pages.flatMap((p) => p.blocks)

describe('docmodel render', () => {
  it('maps the renderer options to flags and writes -o', async () => {
    const dir = tempDir()
    const run = await cli(
      ['render', '--furniture', '--page-breaks', 'comment', '--images', 'embed', '--no-embedded-text', '-o', join(dir, 'out.md'), '-'],
      {
        stdin: example
      }
    )
    expect(run).toEqual({code: 0, stdout: '', stderr: ''})
    expect(readFileSync(join(dir, 'out.md'), 'utf8')).toBe(
      renderFixture('example-furniture-comments').replace('Text in image: NORTHWIND\n\n', '')
    )
    const trusted = await cli(['render', '--preset', 'trusted', '--page-breaks', 'rule', '--no-embedded-text', '-'], {stdin: example})
    expect(trusted.stdout).toBe(renderFixture('example-trusted-rules'))
  })

  it('--embedded-text writes the text found inside images; --no-heading-numbering takes depths from roles alone', async () => {
    const run = await cli(['render', '--embedded-text', '-'], {stdin: example})
    expect(run.stdout).toContain('*Image: Northwind logo — Northwind Analytics*\n\nText in image: NORTHWIND\n')
    expect((await cli(['render', '-'], {stdin: example})).stdout).not.toContain('Text in image')
    const doc = JSON.parse(example)
    doc.pages[1].blocks.find((block: {id: string}) => block.id === 'blk_205').role = 'section'
    const numbered = await cli(['render', '-'], {stdin: JSON.stringify(doc)})
    expect(numbered.stdout).toContain('\n### 2.1 Pricing model\n')
    const byRole = await cli(['render', '--no-heading-numbering', '-'], {stdin: JSON.stringify(doc)})
    expect(byRole.stdout).toContain('\n## 2.1 Pricing model\n')
  })

  it('--pages and the selection flags keep the depth a heading has in the whole document', async () => {
    const heading = (text: string, page: number, index: number, confidence = 1) => ({
      id: `h${index}`, type: 'heading', role: index === 0 ? 'title' : 'section', text, page, reading_order_index: index,
      bbox: [0.1, 0.1 * (index + 1), 0.9, 0.1 * (index + 1) + 0.05], bbox_units: 'normalized', text_source: 'verified', verified: true, confidence
    })
    const doc = JSON.parse(example)
    doc.pages = [
      {page: 1, blocks: [heading('Report', 1, 0), heading('1 Introduction', 1, 1)]},
      {page: 2, blocks: [heading('2 Pricing', 2, 2), heading('2.1 Pricing model', 2, 3, 0.5)]},
      {page: 3, blocks: [heading('2.1.3 Discounts', 3, 4)]}
    ]
    const stdin = JSON.stringify(doc)
    expect((await cli(['render', '-'], {stdin})).stdout).toContain('\n#### 2.1.3 Discounts\n')
    expect(await cli(['render', '--pages', '3', '-'], {stdin})).toMatchObject({code: 0, stdout: '#### 2.1.3 Discounts\n', stderr: ''})
    expect((await cli(['render', '--pages', '2', '--min-confidence', '0.9', '-'], {stdin})).stdout).toBe('## 2 Pricing\n')
    expect((await cli(['render', '--pages', '1-2', '--preset', 'trusted', '-'], {stdin})).stdout).toBe('# Report\n\n## 1 Introduction\n\n## 2 Pricing\n')
  })

  it('--pages renders only those pages (no empty page left behind) and warns like filter and preview for a page the document lacks', async () => {
    const run = await cli(['render', '--pages', '3', '--page-breaks', 'comment', '-'], {stdin: example})
    expect(run).toMatchObject({code: 0, stderr: ''})
    expect(run.stdout).toMatch(/^<!-- page 3 -->\n\n## 3\. Data pipeline\n/)
    expect(run.stdout).not.toContain('page 2')
    const warning = 'warning: --pages: no page 7 in the document (it has 3 pages: 1–3)\n'
    expect(await cli(['render', '--pages', '7', '-'], {stdin: example})).toEqual({code: 0, stdout: '', stderr: warning})
    expect(await cli(['filter', '--pages', '7', '-'], {stdin: example})).toMatchObject({code: 0, stderr: warning})
    expect(await cli(['preview', '--pages', '7', '-'], {stdin: example})).toMatchObject({code: 0, stderr: warning})
    expect((await cli(['render', '--pages', '2,9', '-'], {stdin: example})).stderr).toBe(
      'warning: --pages: no page 9 in the document (it has 3 pages: 1–3)\n'
    )
    expect((await cli(['preview', '--pages', '4-', '-'], {stdin: example})).stderr).toBe(
      'warning: --pages: no page from 4 on in the document (it has 3 pages: 1–3)\n'
    )
    expect((await cli(['render', '--pages', '0', '-'], {stdin: example})).code).toBe(2)
    // The preview draws the empty pages the source lists: those are there.
    const longer = JSON.parse(example)
    longer.source.page_count = 5
    longer.source.page_sizes = Array.from({length: 5}, () => [8.5, 11])
    expect(await cli(['preview', '--pages', '5', '-'], {stdin: JSON.stringify(longer)})).toMatchObject({code: 0, stderr: ''})
    expect((await cli(['preview', '--pages', '6', '-'], {stdin: JSON.stringify(longer)})).stderr).toBe(
      'warning: --pages: no page 6 in the document (it has 5 pages: 1–5)\n'
    )
  })

  it('streams the markdown into -o under a temporary name, renamed when complete, and writes the source map', async () => {
    const dir = tempDir()
    const run = await cli(['render', '-', '-o', join(dir, 'doc.md'), '--source-map', join(dir, 'doc.map.json')], {stdin: example})
    expect(run).toEqual({code: 0, stdout: '', stderr: ''})
    const whole = render(parseDocument(example), {sourceMap: true})
    expect(readFileSync(join(dir, 'doc.md'), 'utf8')).toBe(whole.markdown)
    expect(JSON.parse(readFileSync(join(dir, 'doc.map.json'), 'utf8'))).toEqual(whole.sourceMap)
    expect(readdirSync(dir).sort()).toEqual(['doc.map.json', 'doc.md'])
    // A file that cannot be written: exit 3, and nothing is left behind.
    const failed = await cli(['render', '-', '-o', join(dir, 'missing', 'doc.md')], {stdin: example})
    expect(failed.code).toBe(3)
    expect(failed.stderr).toMatch(/^docmodel: cannot write .*doc\.md: no such file \(ENOENT\)\n$/)
    expect(readdirSync(dir).sort()).toEqual(['doc.map.json', 'doc.md'])
  })

  it('writes through a link into the file it names, and refuses a source map where the markdown goes', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'target.md'), 'old')
    symlinkSync(join(dir, 'target.md'), join(dir, 'link.md'))
    expect(await cli(['render', '-', '-o', join(dir, 'link.md')], {stdin: example})).toEqual({code: 0, stdout: '', stderr: ''})
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(dir, 'target.md'), 'utf8')).toBe(render(parseDocument(example)).markdown)
    for (const args of [
      ['-o', join(dir, 'a.md'), '--source-map', join(dir, 'a.md')],
      ['--source-map', '-'],
      ['-o', '-', '--source-map', '-']
    ])
      expect(await cli(['render', '-', ...args], {stdin: example})).toEqual({
        code: 2,
        stdout: '',
        stderr: 'docmodel: --source-map: expected another file than the markdown’s (-o), got the same\n'
      })
  })

  it('a preset is narrowed by the other criteria, never widened', async () => {
    const trusted = (await cli(['render', '--preset', 'trusted', '-'], {stdin: example})).stdout
    expect((await cli(['render', '--preset', 'trusted', '--min-confidence', '0.1', '-'], {stdin: example})).stdout).toBe(trusted)
    const narrower = (await cli(['render', '--preset', 'trusted', '--text-source', 'verified', '-'], {stdin: example})).stdout
    expect(narrower.length).toBeLessThan(trusted.length)
    expect(narrower).toBe((await cli(['render', '--text-source', 'verified', '--min-confidence', '0.9', '-'], {stdin: example})).stdout)
  })

  it('says so when the criteria keep nothing', async () => {
    expect(await cli(['render', '--preset', 'trusted', '--text-source', 'inferred', '-'], {stdin: example})).toEqual({
      code: 0,
      stdout: '',
      stderr: 'warning: no block matches every criterion given (the input has 33 blocks); check --preset and the other criteria\n'
    })
  })

  it('prints render warnings to stderr unless --quiet', async () => {
    const doc = JSON.parse(fixtureText('valid/document-every-block-type.json'))
    doc.pages[1].blocks[7].latex = '\\frac{'
    const run = await cli(['render', '-'], {stdin: JSON.stringify(doc)})
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/^warning: block blk_207: LaTeX rejected by KaTeX/)
    expect((await cli(['render', '-q', '-'], {stdin: JSON.stringify(doc)})).stderr).toBe('')
  })

  it('exits 3 on invalid input, one line per issue; a job without a document says so', async () => {
    expect(await cli(['render', fixture('invalid/document-text-wrong-type.json')])).toEqual({
      code: 3,
      stdout: '',
      stderr: `docmodel: Invalid ${fixture('invalid/document-text-wrong-type.json')} (1 issue):\nerror pages[0].blocks[3].text: expected string, got 5\n`
    })
    expect(await cli(['render', fixture('valid/job-queued.json')])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'docmodel: the job has no document to render (status "queued")\n'
    })
    expect((await cli(['render', 'a.json', 'b.json'])).stderr).toBe(
      'docmodel: render takes one file, got 2; for many, use docmodel batch\n'
    )
  })
})

describe('docmodel chunk', () => {
  const block = (id: string, type: string, page: number, index: number, fields: object) => ({
    id, type, page, reading_order_index: index, bbox: [0.1, 0.1 * (index + 1), 0.9, 0.1 * (index + 1) + 0.05],
    bbox_units: 'normalized', text_source: 'verified', verified: true, confidence: 1, ...fields
  })
  const doc = JSON.parse(example)
  doc.pages = [
    {page: 1, blocks: [block('h1', 'heading', 1, 0, {role: 'section', text: '1 Introduction'}), block('p1', 'paragraph', 1, 1, {text: 'First page.'})]},
    {page: 2, blocks: [
      block('h2', 'heading', 2, 2, {role: 'section', text: '1.1 Scope'}),
      block('i1', 'image', 2, 3, {url: 'https://example.com/a.png', alt: 'Bar chart', embedded_text: 'Patents 8%'})
    ]}
  ]
  const stdin = JSON.stringify(doc)
  const texts = async (...flags: string[]) => {
    const run = await cli(['chunk', '--max-tokens', '200', ...flags, '-'], {stdin})
    expect(run).toMatchObject({code: 0, stderr: ''})
    return run.stdout.trim().split('\n').map((line) => JSON.parse(line).text as string).join('\n')
  }
  it('--embedded-text, --no-heading-numbering and --pages, as render takes them', async () => {
    expect(await texts()).toBe('## 1 Introduction\n\nFirst page.\n\n### 1.1 Scope\n\n![Bar chart](https://example.com/a.png)')
    expect(await texts('--embedded-text')).toContain('![Bar chart](https://example.com/a.png)\n\nText in image: Patents 8%')
    expect(await texts('--no-heading-numbering')).toContain('## 1.1 Scope')
    // Page 2 only: its heading keeps the depth it has in the whole document.
    expect(await texts('--pages', '2')).toBe('### 1.1 Scope\n\n![Bar chart](https://example.com/a.png)')
    expect(await texts('--pages', '1-1,2')).toBe(await texts())
    expect(await cli(['chunk', '--max-tokens', '200', '--pages', '5', '-'], {stdin})).toEqual({
      code: 0,
      stdout: '',
      stderr: 'warning: --pages: no page 5 in the document (it has 2 pages: 1–2)\n'
    })
    expect((await cli(['chunk', '--max-tokens', '200', '--pages', '0', '-'], {stdin})).code).toBe(2)
    const help = (await cli(['chunk', '--help'])).stdout
    for (const flag of ['--embedded-text', '--no-heading-numbering', '--pages <pages>']) expect(help).toContain(flag)
  })
})

describe('docmodel validate', () => {
  it('says ok, and lists warnings without failing in lenient mode', async () => {
    expect(await cli(['validate', repoPath(EXAMPLE)])).toEqual({
      code: 0,
      stdout: `ok: ${repoPath(EXAMPLE)} is a valid document\n`,
      stderr: ''
    })
    const file = fixture('valid/document-duplicate-block-id.json')
    expect(await cli(['validate', file])).toEqual({
      code: 0,
      stdout: `warning pages[0].blocks[2].id: expected a unique id, got "blk_101" again (first at pages[0].blocks[1])\nok: ${file} is a valid document (1 warning)\n`,
      stderr: ''
    })
  })

  it('fails on warnings with --strict', async () => {
    const run = await cli(['validate', '--strict', fixture('valid/document-duplicate-block-id.json')])
    expect(run.code).toBe(3)
    expect(run.stdout).toMatch(/^error pages\[0\]\.blocks\[2\]\.id: expected a unique id.*\ninvalid: .*: 1 error\n$/)
  })

  it('prints machine-readable issues with --json (compact with --compact), from stdin', async () => {
    const run = await cli(['validate', '--json', '--compact'], {stdin: fixtureText('invalid/job-completed-without-document.json')})
    expect(run.code).toBe(3)
    expect(run.stdout.trimEnd()).not.toContain('\n')
    expect(JSON.parse(run.stdout)).toEqual({
      file: 'stdin',
      valid: false,
      kind: 'job',
      mode: 'lenient',
      moreIssues: 0,
      errors: 1,
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

  it('many files, directories and patterns (expanded by the CLI): a line per file and a summary', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'docs/sub'), {recursive: true})
    writeFileSync(join(dir, 'docs/a.json'), example)
    writeFileSync(join(dir, 'docs/sub/b.json'), fixtureText('invalid/document-text-wrong-type.json'))
    writeFileSync(join(dir, 'docs/sub/notes.txt'), 'not json')
    const run = await cli(['validate', 'docs/**/*.json', 'missing.json'], {cwd: dir})
    expect(run).toEqual({
      code: 3,
      stdout: [
        'ok: docs/a.json is a valid document',
        'docs/sub/b.json: error pages[0].blocks[3].text: expected string, got 5',
        'invalid: docs/sub/b.json: 1 error',
        'error: cannot read missing.json: no such file (ENOENT)',
        '3 files: 1 valid, 2 invalid',
        ''
      ].join('\n'),
      stderr: ''
    })
    expect((await cli(['validate', 'docs'], {cwd: dir})).stdout).toMatch(/^ok: docs\/a\.json .*\n(.*\n){2}2 files: 1 valid, 1 invalid\n$/)
    expect(await cli(['validate', 'nothing/*.json'], {cwd: dir})).toEqual({
      code: 2,
      stdout: '',
      stderr: 'docmodel: no file matches nothing/*.json\n'
    })
    const json = JSON.parse((await cli(['validate', '--json', 'docs'], {cwd: dir})).stdout)
    expect(json).toMatchObject({valid: false, summary: {files: 2, valid: 1, invalid: 1}})
    expect(json.files.map((f: {file: string}) => f.file)).toEqual(['docs/a.json', 'docs/sub/b.json'])
  })

  it('--max-issues lists the first issues and counts the rest', async () => {
    const doc = JSON.parse(example)
    for (const block of doc.pages[0].blocks) block.confidence = 2
    const n = doc.pages[0].blocks.length
    const run = await cli(['validate', '--max-issues', '2', '-'], {stdin: JSON.stringify(doc)})
    expect(run.code).toBe(3)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[2]).toBe(`… and ${n - 2} more issues (see --max-issues)`)
    expect(lines[3]).toBe(`invalid: stdin: ${n} errors`)
    expect((await cli(['validate', '--max-issues', '0', '-'], {stdin: JSON.stringify(doc)})).stdout).toBe(
      `… and ${n} more issues (see --max-issues)\ninvalid: stdin: ${n} errors\n`
    )
  })
})

describe('docmodel filter', () => {
  it('prints the filtered document as JSON; --pages takes open ranges such as -2', async () => {
    const run = await cli(['filter', '--types', 'heading', '--pages', '2-3', '--roles', 'section', repoPath(EXAMPLE)])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).pages.map((p: Doc['pages'][0]) => p.blocks.map((b) => b.text))).toEqual([
      [],
      ['2. Revenue by region'],
      ['3. Data pipeline', '4. Outlook']
    ])
    const upTo2 = JSON.parse((await cli(['filter', '--types', 'heading', '--pages', '-2', repoPath(EXAMPLE)])).stdout)
    expect(upTo2.pages.map((p: Doc['pages'][0]) => p.blocks.length > 0)).toEqual([true, true, false])
    expect((await cli(['filter', '--pages', '0', repoPath(EXAMPLE)])).code).toBe(2)
  })

  it('takes decimal page numbers and unit numbers only (exit 2), and says so when the input is too deep to print (exit 3)', async () => {
    for (const pages of ['1e2', '0x1', '1,,3', '99999999999999999999', '0-3', '5-2', '-', '1,5-2', '1,3-', '1,-2', '1-2-3,4', '1,0-2', '1,2-1e2'])
      expect(await cli(['filter', '--pages', pages, '-'], {stdin: example})).toEqual({
        code: 2,
        stdout: '',
        stderr: `docmodel: --pages: expected page numbers like 1,3, a range like 2-5 (open ends: 3-, -2) or both like 1,3-5, got ${JSON.stringify(pages)}\n`
      })
    // A list with ranges is bounded (a lone range is not: it is never spelled out).
    expect((await cli(['filter', '--pages', '1,2-100001', '-'], {stdin: example})).stderr).toBe(
      'docmodel: --pages: expected page numbers like 1,3, a range like 2-5 (open ends: 3-, -2) or both like 1,3-5 (at most 100,000 pages in a list; a lone range has no bound), got "1,2-100001"\n'
    )
    const kept = async (pages: string) =>
      JSON.parse((await cli(['filter', '--types', 'heading', '--pages', pages, '-'], {stdin: example})).stdout).pages.map(
        (p: Doc['pages'][0]) => p.blocks.length > 0
      )
    expect(await kept('1,3-5')).toEqual([true, false, true])
    expect(await kept('2-3, 1')).toEqual([true, true, true])
    expect(await kept('1,2-100000')).toEqual([true, true, true])
    for (const confidence of ['0x1', '1e-1', 'Infinity', ''])
      expect((await cli(['filter', '--min-confidence', confidence, '-'], {stdin: example})).code).toBe(2)
    expect((await cli(['filter', '--min-confidence', '.5', '--pages', '2-', '-'], {stdin: example})).code).toBe(0)
    // An unknown key holding 200,000 nested arrays: parsed and checked without recursion, too deep for JSON.stringify.
    const deep = example.trimEnd().slice(0, -1) + `, "x_deep": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`
    expect(await cli(['filter', '-'], {stdin: deep})).toEqual({
      code: 3,
      stdout: '',
      stderr:
        'docmodel: the input is nested too deeply to print as JSON, at x_deep[0][0][0][0][0][0][0][0][0][0][0]… (an unknown key holds a structure thousands of levels deep)\n'
    })
  })

  it('a preset narrowed by --min-confidence keeps a subset of the preset alone', async () => {
    const trusted = blocksOf(JSON.parse((await cli(['filter', '--preset', 'trusted', '-'], {stdin: example})).stdout))
    const low = blocksOf(
      JSON.parse((await cli(['filter', '--preset', 'trusted', '--min-confidence', '0.1', '-'], {stdin: example})).stdout)
    )
    expect(low).toEqual(trusted)
    expect(trusted.every((b) => b.text_source !== 'inferred' && b.confidence >= 0.9)).toBe(true)
    const none = await cli(['filter', '--preset', 'trusted', '--text-source', 'inferred', '-'], {stdin: example})
    expect(none.stderr).toBe(
      'warning: no block matches every criterion given (the input has 33 blocks); check --preset and the other criteria\n'
    )
  })

  it('a job stays a job: its document filtered and its markdown rendered again from what is kept', async () => {
    const run = await cli(['filter', '--types', 'heading', fixture('valid/job-completed-with-full-document.json')])
    const job = JSON.parse(run.stdout)
    expect(job.job_id).toBeDefined()
    expect(blocksOf(job.document).every((b) => b.type === 'heading')).toBe(true)
    const rendered = await cli(['render', '-'], {stdin: JSON.stringify(job.document)})
    expect(job.markdown).toBe(rendered.stdout)
  })
})

describe('docmodel stats, schema', () => {
  it('stats prints a table, or JSON', async () => {
    const run = await cli(['stats', repoPath(EXAMPLE)])
    expect(run.stdout.split('\n').slice(0, 4)).toEqual([
      'pages                        3',
      'blocks                      33',
      'by type',
      '  callout                    1'
    ])
    expect(run.stdout).toContain('  of characters          17.2%\n')
    expect(JSON.parse((await cli(['stats', '--json', '-'], {stdin: example})).stdout)).toMatchObject({
      pages: 3,
      blocks: 33,
      byTextSource: {verified: 24, inferred: 3, derived: 6}
    })
  })

  it('schema prints the JSON Schema, to -o or compact', async () => {
    expect(JSON.parse((await cli(['schema'])).stdout)).toEqual(toJSONSchema('document'))
    const compact = (await cli(['schema', 'job', '--strict', '--compact'])).stdout
    expect(compact).toBe(JSON.stringify(toJSONSchema('job', {strict: true})) + '\n')
    const out = join(tempDir(), 's.json')
    expect((await cli(['schema', '-o', out])).stdout).toBe('')
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(toJSONSchema('document'))
  })
})

describe('docmodel job (against the contract server)', () => {
  let server: ContractServer
  beforeAll(async () => {
    server = await createContractServer({keys: {key_rw: ['jobs:read', 'jobs:write'], key_ro: ['jobs:read']}})
  })
  afterAll(() => server.close())
  const env = (key = 'key_rw') => ({DOCMODEL_API_KEY: key, DOCMODEL_BASE_URL: server.url})

  it('wait polls to completion and writes the markdown, with render options; quiet when piped', async () => {
    const id = server.addJob({retryAfter: '0'})
    expect(await cli(['job', 'wait', id, '--format', 'markdown'], {env: env()})).toEqual({code: 0, stdout: '# Test document\n', stderr: ''})
    const none = await cli(['job', 'get', id, '--format', 'markdown', '--text-source', 'inferred'], {env: env()})
    expect(none.stdout).toBe('')
    expect(none.stderr).toMatch(/^warning: no block matches every criterion/)
  })

  it('get prints the job JSON (compact with --compact), or writes the document with -o', async () => {
    const id = server.addJob({statuses: ['completed']})
    const compact = await cli(['job', 'get', id, '--compact'], {env: env()})
    expect(compact.stdout.trimEnd()).not.toContain('\n')
    expect(JSON.parse(compact.stdout)).toMatchObject({job_id: id, status: 'completed'})
    const out = join(tempDir(), 'doc.json')
    expect((await cli(['job', 'get', id, '--format', 'document', '-o', out], {env: env()})).code).toBe(0)
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({pages: [{page: 1}]})
  })

  it('cancel and purge; API errors exit 4 with the code', async () => {
    const id = server.addJob({statuses: ['processing']})
    expect(await cli(['job', 'cancel', id], {env: env()})).toEqual({code: 0, stdout: '', stderr: `cancelled ${id}\n`})
    const again = await cli(['job', 'cancel', id], {env: env()})
    expect(again.code).toBe(4)
    expect(again.stderr).toMatch(/409 JOB_ALREADY_CANCELLED/)
    expect(await cli(['job', 'purge', id], {env: env()})).toEqual({code: 0, stdout: '', stderr: `purged ${id}\n`})
    expect((await cli(['job', 'purge', id], {env: env('key_ro')})).code).toBe(4)
    expect((await cli(['job', 'get', 'missing'], {env: env()})).stderr).toMatch(/404 JOB_NOT_FOUND/)
  })

  it('a failed job exits 4; a missing key or a bad flag exits 2 before any request', async () => {
    const id = server.addJob({statuses: ['failed'], error: {code: 'PDF_ENCRYPTED', message: 'Encrypted.'}})
    expect(await cli(['job', 'wait', id], {env: env()})).toEqual({
      code: 4,
      stdout: '',
      stderr: `docmodel: job ${id} failed: PDF_ENCRYPTED: Encrypted.\n`
    })
    expect(await cli(['job', 'get', id], {env: {DOCMODEL_BASE_URL: server.url}})).toEqual({
      code: 2,
      stdout: '',
      stderr: 'docmodel: DOCMODEL_API_KEY is not set: export your API key first\n'
    })
    expect((await cli(['job', 'fetch', id], {env: env()})).stderr).toBe(
      'docmodel: job: expected one of get, wait, cancel, purge, got "fetch"\n'
    )
    expect((await cli(['job', 'get', id, '--images', 'x'], {env: env()})).code).toBe(2)
    // An empty argument (an unset variable) is said to be one, before any request.
    expect(await cli(['job', ''], {env: env()})).toEqual({
      code: 2,
      stdout: '',
      stderr: 'docmodel: job: expected an action (get, wait, cancel, purge) and a job id, e.g. docmodel job get job_123; got an empty argument\n'
    })
    expect((await cli(['job', 'get', ''], {env: env()})).stderr).toBe('docmodel: job get: the job id is empty (an unset variable?)\n')
    expect((await cli(['job', 'wait'], {env: env()})).stderr).toBe('docmodel: job wait: expected one job id, got none\n')
  })

  it('every command that reads a document names the file (or stdin) when it is invalid', async () => {
    const dir = tempDir()
    const bad = join(dir, 'bad.txt')
    writeFileSync(bad, 'hello')
    for (const args of [['render'], ['filter'], ['preview'], ['stats'], ['chunk', '--max-tokens', '100'], ['diff', bad]]) {
      const run = await cli([...args, bad])
      expect(run.code, args[0]).toBe(3)
      expect(run.stderr.split('\n')[0], args[0]).toBe(`docmodel: Invalid ${bad} (1 issue):`)
    }
    expect((await cli(['render', '-'], {stdin: 'hello'})).stderr.split('\n')[0]).toBe('docmodel: Invalid stdin (1 issue):')
  })

  it('a network failure exits 4', async () => {
    const run = await cli(['job', 'get', 'x'], {env: {DOCMODEL_API_KEY: 'k', DOCMODEL_BASE_URL: 'http://127.0.0.1:1'}})
    expect(run.code).toBe(4)
    expect(run.stderr).toMatch(/^docmodel: GET http:\/\/127\.0\.0\.1:1\/v1\/jobs\/x: fetch failed/)
  })
})
