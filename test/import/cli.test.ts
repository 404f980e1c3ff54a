import {execFileSync, spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {parseDocument} from '../../src/index.js'
import {cli, tempDir} from '../cli/helpers.js'
import {repoPath} from '../helpers/paths.js'

const fixture = (path: string) => repoPath(`test/fixtures/import/${path}`)

/** The console block of the README that starts with this command line: the lines it shows after it. */
function readmeOutput(command: string): string {
  const readme = readFileSync(repoPath('README.md'), 'utf8')
  const at = readme.indexOf(`$ ${command}\n`)
  expect(at, `the README shows \`${command}\``).toBeGreaterThan(-1)
  const start = at + command.length + 3
  return readme.slice(start, readme.indexOf('```', start))
}

describe('docmodel import', () => {
  it('prints the document and lists the warnings on stderr with their source pointers', async () => {
    const {code, stdout, stderr} = await cli(['import', '--from', 'docling', fixture('docling/amt_handbook_sample.json')])
    expect(code).toBe(0)
    expect(parseDocument(stdout).source.filename).toBe('amt_handbook_sample.pdf')
    expect(stderr).toMatch(/^warning: \/pictures\/0: the picture carries no image bytes .* \[image_bytes_absent\]$/m)
    expect(stderr).toMatch(/^warning: \/: the source does not carry the SHA-256 .* \[file_hash_unknown\]$/m)
  })

  it('takes the file hash and name, stays quiet, and fails on warnings with --strict', async () => {
    const hash = 'sha256:' + 'a'.repeat(64)
    const args = [
      'import',
      '--from',
      'textract',
      fixture('textract/sample-invoice.pdf.json'),
      '--file-hash',
      hash,
      '--filename',
      'invoice.pdf',
      '--quiet'
    ]
    const quiet = await cli(args)
    expect(quiet).toMatchObject({code: 0, stderr: ''})
    expect(parseDocument(quiet.stdout).source).toMatchObject({file_hash: hash, filename: 'invoice.pdf'})
    expect((await cli([...args, '--strict'])).code).toBe(3)
  })

  it('reads stdin and names the usage and input errors', async () => {
    const azure = JSON.stringify({analyzeResult: {pages: [{pageNumber: 1, width: 8.5, height: 11, unit: 'inch'}], paragraphs: []}})
    expect((await cli(['import', '--from', 'azure', '-'], {stdin: azure})).code).toBe(0)
    const missing = await cli(['import', fixture('docling/right_to_left_01.json')])
    expect(missing).toMatchObject({code: 2})
    expect(missing.stderr).toMatch(/--from is required/)
    expect((await cli(['import', '--from', 'word', '-'], {stdin: '{}'})).code).toBe(2)
    const wrong = await cli(['import', '--from', 'textract', fixture('docling/right_to_left_01.json')])
    expect(wrong.code).toBe(3)
    expect(wrong.stderr).toMatch(/Blocks/)
    expect(
      (
        await cli(['import', '--from', 'docling', '-', '--file-hash', 'md5:1'], {
          stdin: readFileSync(fixture('docling/right_to_left_01.json'))
        })
      ).code
    ).toBe(2)
  })

  it('names the input in its errors (file or stdin, and the format read), and accepts -q', async () => {
    const empty = repoPath('test/fixtures/import/azure/README.md')
    const notJson = await cli(['import', '--from', 'azure', empty])
    expect(notJson.code).toBe(3)
    expect(notJson.stderr).toContain(`Invalid ${empty} (1 issue):`)
    const docling = await cli(['import', '--from', 'docling', '-'], {stdin: '{}'})
    expect(docling.code).toBe(3)
    expect(docling.stderr).toMatch(/^docmodel: Invalid stdin as a DoclingDocument \(1 issue\):\nerror pages: the document has no pages/)
    const textract = await cli(['import', '--from', 'textract', fixture('docling/right_to_left_01.json')])
    expect(textract.stderr).toContain(`Invalid ${fixture('docling/right_to_left_01.json')} as a Textract response (1 issue):`)
    const quiet = await cli(['import', '--from', 'docling', '-q', fixture('docling/right_to_left_01.json')])
    expect(quiet).toMatchObject({code: 0, stderr: ''})
  })

  it("the README's comparison of two docling runs on one PDF is the real output", async () => {
    const dir = tempDir()
    for (const [name, source] of [
      ['full.json', 'nemotron_multipage.full_page.json'],
      ['aware.json', 'nemotron_multipage.pdf_aware_layout_regions.json']
    ] as const)
      expect(await cli(['import', '--from', 'docling', '--quiet', fixture(`docling/${source}`), '-o', name], {cwd: dir})).toEqual({
        code: 0,
        stdout: '',
        stderr: ''
      })
    const diff = await cli(['diff', 'full.json', 'aware.json'], {cwd: dir})
    expect(diff.code).toBe(1)
    expect(diff.stdout).toBe(readmeOutput('docmodel diff full.json aware.json'))
  })

  it('pipes into diff as a real process', () => {
    const bin = repoPath('dist/bin/docmodel.js')
    const imported = execFileSync(process.execPath, [bin, 'import', '--from', 'docling', '--quiet', fixture('docling/multi_page.json')], {
      encoding: 'utf8'
    })
    const diff = spawnSync(
      'bash',
      ['--norc', '-c', `"$NODE" "$BIN" diff <("$NODE" "$BIN" import --from docling --quiet "$A") "$B" --json`],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          NODE: process.execPath,
          BIN: bin,
          A: fixture('docling/multi_page.json'),
          B: repoPath('test/fixtures/corpus/multi_page.json')
        }
      }
    )
    expect(parseDocument(imported).pages.length).toBe(5)
    expect([0, 1]).toContain(diff.status)
    expect(JSON.parse(diff.stdout).summary.blockF1).toBeGreaterThan(0.5)
    // The README's worked example, as a shell runs it (bash names the substituted file /dev/fd/63).
    const command = `docmodel diff <(docmodel import --from docling --quiet test/fixtures/import/docling/multi_page.json) test/fixtures/corpus/multi_page.json`
    const shown = spawnSync('bash', ['--norc', '-c', command.replaceAll('docmodel ', '"$NODE" "$BIN" ')], {
      cwd: repoPath(''),
      encoding: 'utf8',
      env: {PATH: process.env.PATH, NODE: process.execPath, BIN: bin}
    })
    expect([shown.status, shown.stderr]).toEqual([1, ''])
    expect(shown.stdout.replace(/^--- \/dev\/fd\/\d+/, '--- /dev/fd/63')).toBe(readmeOutput(command))
  })
})
