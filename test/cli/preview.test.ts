// `docmodel preview`, run in-process through runCli with injected streams.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {parseHTML} from 'linkedom'
import {describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/run.js'
import {PNG_1x1} from '../helpers/blocks.js'
import {EXAMPLE, repoPath} from '../helpers/paths.js'

function sink() {
  const chunks: string[] = []
  return {isTTY: false, chunks, write: (chunk: string) => (chunks.push(String(chunk)), true)} as unknown as NodeJS.WritableStream & {chunks: string[]}
}

async function preview(args: string[], stdin = '', terminal = false) {
  const stdout = sink()
  const stderr = sink()
  const input = Object.assign(Readable.from([stdin]), {isTTY: terminal})
  const code = await runCli(['preview', ...args], {stdin: input, stdout, stderr, env: {}})
  return {code, stdout: stdout.chunks.join(''), stderr: stderr.chunks.join('')}
}

const dom = (html: string) => parseHTML(html).document
const example = repoPath(EXAMPLE)
const fixture = (name: string) => repoPath(`test/fixtures/conformance/${name}`)

describe('docmodel preview', () => {
  it('writes the HTML preview to a file with -o, and to stdout without', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docmodel-preview-'))
    const out = join(dir, 'preview.html')
    const run = await preview([example, '-o', out])
    expect(run).toEqual({code: 0, stdout: '', stderr: ''})
    const html = readFileSync(out, 'utf8')
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(dom(html).querySelectorAll('rect.block')).toHaveLength(33)
    expect((await preview([example])).stdout).toBe(html)
    // No file on a terminal: the bundled example; `-`: stdin.
    expect((await preview([], '', true)).stdout).toBe(html)
    expect((await preview(['-'], readFileSync(example, 'utf8'))).stdout).toBe(html)
  })

  it('takes --color-by, --pages, --no-order, --low-confidence, --title and --dpi', async () => {
    const {stdout, code} = await preview([example, '--color-by', 'text-source', '--pages', '2-3', '--no-order', '--low-confidence', '0.5', '--title', 'Q3 <draft>'])
    expect(code).toBe(0)
    const document = dom(stdout)
    expect([...document.querySelectorAll('section.page')].map((s) => s.id)).toEqual(['page-2', 'page-3'])
    expect(document.querySelector('.legend strong')!.textContent).toBe('Colour: text source')
    expect(document.querySelectorAll('.om, polyline')).toHaveLength(0)
    expect(document.querySelectorAll('rect.block.low')).toHaveLength(1)
    expect(document.querySelector('h1')!.textContent).toBe('Q3 <draft>')
    expect(dom((await preview([example, '--pages', '1,3'])).stdout).querySelectorAll('section.page')).toHaveLength(2)
    expect(dom((await preview([example, '--pages', '3-'])).stdout).querySelectorAll('section.page')).toHaveLength(1)
    const pixels = await preview([fixture('valid/document-pixel-bbox-units.json'), '--dpi', '144', '--pages', '1'])
    expect(dom(pixels.stdout).querySelector('rect[data-block-id="blk_103"]')!.getAttribute('width')).toBe('270')
  })

  it('draws page renders from --page-images', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docmodel-pages-'))
    writeFileSync(join(dir, 'page-2.png'), Buffer.from(PNG_1x1, 'base64'))
    writeFileSync(join(dir, 'notes.txt'), 'not a page')
    const document = dom((await preview([example, '--page-images', dir])).stdout)
    expect([...document.querySelectorAll('image.page-image')].map((el) => el.parentNode!.parentNode!.getAttribute('id'))).toEqual(['page-2'])
    writeFileSync(join(dir, '3.png'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
    const bad = await preview([example, '--page-images', dir])
    expect(bad.code).toBe(3)
    expect(bad.stderr).toBe(`docmodel: ${join(dir, '3.png')}: not a PNG, JPEG, GIF or WebP image\n`)
    expect((await preview([example, '--page-images', join(dir, 'missing')])).code).toBe(3)
  })

  it('exits 2 on bad flags, with one readable line', async () => {
    for (const [args, message] of [
      [['--color-by', 'size'], '--color-by: expected one of type, text-source, confidence, got "size"'],
      [['--pages', '0'], '--pages: expected page numbers like 1,3, a range like 2-5 (open ends: 3-, -2) or both like 1,3-5, got "0"'],
      [['--pages', '3-1'], '--pages: expected page numbers like 1,3, a range like 2-5 (open ends: 3-, -2) or both like 1,3-5, got "3-1"'],
      [['--pages', '-'], '--pages: expected page numbers like 1,3, a range like 2-5 (open ends: 3-, -2) or both like 1,3-5, got "-"'],
      [['--low-confidence', '2'], '--low-confidence: expected a number from 0 to 1, got "2"'],
      [['--dpi', '0'], '--dpi: expected a number > 0, got "0"'],
      [[example, example], 'preview takes at most one file']
    ] as const) {
      const run = await preview([...args])
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr).toBe(`docmodel: ${message}\n`)
    }
    const unknown = await preview(['--colour-by', 'type'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toBe('docmodel: unknown option --colour-by (did you mean --color-by?)\n')
  })

  it('exits 3 on input it cannot use', async () => {
    const invalid = await preview([fixture('invalid/document-bbox-out-of-range.json')])
    expect(invalid.code).toBe(3)
    expect(invalid.stderr).toBe(
      `docmodel: Invalid ${fixture('invalid/document-bbox-out-of-range.json')} (1 issue):\nerror pages[0].blocks[3].bbox[2]: expected a number ≤ 1, got 1.4\n`
    )
    const queued = await preview([fixture('valid/job-queued.json')])
    expect(queued).toEqual({code: 3, stdout: '', stderr: 'docmodel: the job has no document to preview (status "queued")\n'})
    expect((await preview(['/nonexistent/doc.json'])).stderr).toBe('docmodel: cannot read /nonexistent/doc.json: no such file (ENOENT)\n')
  })

  it('previews a job response through its document', async () => {
    const run = await preview([fixture('valid/job-completed-reference-example.json')])
    expect(run.code).toBe(0)
    expect(dom(run.stdout).querySelectorAll('rect.block').length).toBeGreaterThan(0)
  })

  it('lists the command in the help', async () => {
    const stdout = sink()
    await runCli(['--help'], {stdin: Readable.from([]), stdout, stderr: sink(), env: {}})
    expect(stdout.chunks.join('')).toContain('  preview   an HTML page that draws every block on its page')
    expect((await preview(['--help'])).stdout).toMatch(/^Usage: docmodel preview \[file\|-\]/)
  })
})
