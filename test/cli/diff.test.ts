import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/run.js'
import {repoPath} from '../helpers/paths.js'

const V1 = 'examples/quarterly-report.json'
const V2 = 'examples/quarterly-report.v2.json'

/** A writable that keeps what it is given. */
function sink() {
  const chunks: string[] = []
  return {isTTY: false, chunks, write: (chunk: string) => (chunks.push(chunk), true)} as unknown as NodeJS.WritableStream & {
    chunks: string[]
  }
}

/** Runs the CLI in-process from the repository root, with stdin given. */
async function run(args: string[], stdin = '') {
  const stdout = sink()
  const stderr = sink()
  const cwd = process.cwd()
  process.chdir(repoPath(''))
  try {
    const code = await runCli(['diff', ...args], {stdin: Object.assign(Readable.from([stdin]), {isTTY: false}), stdout, stderr, env: {}})
    return {code, stdout: stdout.chunks.join(''), stderr: stderr.chunks.join('')}
  } finally {
    process.chdir(cwd)
  }
}

const tmp = () => mkdtempSync(join(tmpdir(), 'docmodel-diff-'))
const example = readFileSync(repoPath(V1), 'utf8')

/** The example with one block's text replaced, written to a temporary file. */
function withText(id: string, text: string): string {
  const doc = JSON.parse(example)
  for (const page of doc.pages) for (const block of page.blocks) if (block.id === id) block.text = text
  const file = join(tmp(), 'edited.json')
  writeFileSync(file, JSON.stringify(doc))
  return file
}

describe('docmodel diff', () => {
  it('reports the two versions of the example page by page, and exits 1: they differ', async () => {
    expect(await run([V1, V2])).toEqual({code: 1, stderr: '', stdout: REPORT})
    // The README's worked example shows this very output.
    expect(readFileSync(repoPath('README.md'), 'utf8')).toContain(`$ docmodel diff ${V1} ${V2}\n${REPORT}$ echo $?\n1\n`)
  })

  it('exits 0 with one line when the documents match, also with stdin on one side; --verbose shows every page', async () => {
    expect(await run([V1, '-'], example)).toEqual({code: 0, stderr: '', stdout: 'the documents match (3 pages, 33 blocks)\n'})
    const verbose = await run([V1, '-', '--verbose'], example)
    expect(verbose.code).toBe(0)
    expect(verbose.stdout).toBe(
      `--- ${V1} (3 pages, 33 blocks)\n+++ stdin (3 pages, 33 blocks)\n\npage 1: 11 same\n\npage 2: 12 same\n\npage 3: 10 same\n\n` +
        'summary: 33 same · 0 changed · 0 split · 0 merged · 0 added · 0 removed\n  CER 0.0% · WER 0.0% · block F1 1.000 · type agreement 1.000 · reading order τ 1.000\n  table blk_107 (page 1): TEDS 1.000, structure 1.000\nthe documents match\n'
    )
  })

  it('like diff(1), prints only the pages that differ, then the summary (identical tables counted in one line)', async () => {
    const doc = JSON.parse(example)
    const pages = doc.pages as Array<{page: number; blocks: Array<{id: string; bbox: number[]; text?: string}>}>
    // 300 pages (the issue saw 20,052 lines for 1,000): the example's three again and again, ids and page numbers made unique.
    const big = {
      ...doc,
      pages: Array.from({length: 300}, (_, i) => {
        const page = pages[i % 3]!
        return {...page, page: i + 1, blocks: page.blocks.map((block) => ({...block, id: `${block.id}-${i}`, page: i + 1}))}
      })
    }
    const dir = tmp()
    writeFileSync(join(dir, 'a.json'), JSON.stringify(big))
    expect(await run([join(dir, 'a.json'), join(dir, 'a.json')])).toEqual({
      code: 0,
      stderr: '',
      stdout: 'the documents match (300 pages, 3300 blocks)\n'
    })
    big.pages[150].blocks[3].text = 'An edited paragraph.'
    writeFileSync(join(dir, 'b.json'), JSON.stringify(big))
    const differ = await run([join(dir, 'a.json'), join(dir, 'b.json')])
    expect(differ.code).toBe(1)
    expect(differ.stdout.split('\n').filter((line) => line.startsWith('page '))).toEqual(['page 151: 10 same · 1 changed'])
    expect(differ.stdout).toMatch(/\n  100 tables identical \(TEDS 1\.000\)\nthe documents differ\n$/)
    expect(differ.stdout.split('\n').length).toBeLessThan(15)
  })

  it('reports a changed page size as a difference (exit 1), in the text and in --json', async () => {
    const doc = JSON.parse(example)
    doc.source.page_sizes[0] = [11, 8.5]
    doc.source.page_sizes.pop()
    const dir = tmp()
    writeFileSync(join(dir, 'b.json'), JSON.stringify(doc))
    const differ = await run([V1, join(dir, 'b.json')])
    expect(differ.code).toBe(1)
    expect(differ.stdout).toContain('\npage 1: size 8.5 × 11 in → 11 × 8.5 in\npage 3: size 8.5 × 11 in → none\n')
    expect(differ.stdout).toMatch(/\nthe documents differ\n$/)
    const json = JSON.parse((await run([V1, join(dir, 'b.json'), '--json'])).stdout)
    expect(json.summary.pageSizes).toEqual([
      {page: 1, a: [8.5, 11], b: [11, 8.5]},
      {page: 3, a: [8.5, 11], b: null}
    ])
    expect(json.summary.match).toBe(false)
  })

  it('prints the comparison as JSON with --json, to a file with -o', async () => {
    const {code, stdout} = await run([V1, V2, '--json'])
    expect(code).toBe(1)
    const json = JSON.parse(stdout)
    expect(Object.keys(json)).toEqual(['options', 'pairs', 'summary'])
    expect(json.options).toEqual({threshold: 0.5, confidenceTolerance: 0.1, whitespace: 'collapse', teds: 'default'})
    expect(json.summary.counts).toEqual({same: 28, changed: 3, added: 1, removed: 1, split: 1, merged: 0})
    const file = join(tmp(), 'out.json')
    expect(await run([V1, V2, '--json', '-o', file])).toEqual({code: 1, stdout: '', stderr: ''})
    expect(readFileSync(file, 'utf8')).toBe(stdout)
  })

  it('applies the options: a lenient confidence tolerance leaves one change fewer', async () => {
    const {stdout} = await run([V1, V2, '--confidence-tolerance', '0.5', '--threshold', '0.6', '--whitespace', 'exact', '--json'])
    expect(JSON.parse(stdout).options).toEqual({threshold: 0.6, confidenceTolerance: 0.5, whitespace: 'exact', teds: 'default'})
    expect(JSON.parse(stdout).pairs.find((p: {a: string[]}) => p.a[0] === 'blk_210').changes).toEqual(['text'])
  })

  it('--teds pubtabnet scores tables as the PubTabNet reference does, and the report says which TEDS it shows', async () => {
    const pubtabnet = await run([V1, V2, '--teds', 'pubtabnet'])
    expect(pubtabnet.code).toBe(1)
    // The same edit weighs differently: 0.992 (1 − 1/130) by default, 0.993 (1 − 1/135) as the reference scores it.
    expect(pubtabnet.stdout).toContain(
      '  changed  blk_107 (table): text, content · CER 2.0% · WER 7.4% · TEDS (PubTabNet) 0.993 (structure 1.000)\n'
    )
    expect(pubtabnet.stdout).toContain('\n  table blk_107 (page 1): TEDS (PubTabNet) 0.993, structure 1.000\nthe documents differ\n')
    const json = JSON.parse((await run([V1, V2, '--teds', 'pubtabnet', '--json'])).stdout)
    expect(json.options.teds).toBe('pubtabnet')
    expect(json.summary.tables[0].teds).toBeCloseTo(134 / 135, 12)
    // --teds default is the same as no flag, to the byte.
    expect(await run([V1, V2, '--teds', 'default'])).toEqual({code: 1, stderr: '', stdout: REPORT})
    const matching = await run([V1, V1, '--teds', 'pubtabnet', '--verbose'])
    expect(matching.code).toBe(0)
    expect(matching.stdout).toContain('  table blk_107 (page 1): TEDS (PubTabNet) 1.000, structure 1.000\n')
    expect(await run([V1, V2, '--teds', 'html'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'docmodel: --teds: expected one of default, pubtabnet, got "html"\n'
    })
    expect((await run(['--help'])).stdout).toContain('--teds <kind>               default | pubtabnet')
  })

  it('escapes control and bidirectional characters from the documents in the report', async () => {
    const file = withText('blk_308', 'We expect \u001b[31mQ4\u001b[0m revenue\u202e between\r\n$4.3M')
    const {code, stdout} = await run([V1, file])
    expect(code).toBe(1)
    expect(stdout).toContain('+ "We expect \\u001b[31mQ4\\u001b[0m revenue\\u202e between $4.3M"\n')
    expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
  })

  it('exits 2 on usage errors, with one line', async () => {
    const help = await run(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: docmodel diff <a\.json> <b\.json> \[--json\] \[options\]\n/)
    expect(help.stdout).toContain('Exit codes: 0 the documents match · 1 they differ · 2 usage · 3 invalid input')
    expect(await run([V1])).toEqual({code: 2, stdout: '', stderr: 'docmodel: diff takes two files: docmodel diff a.json b.json\n'})
    expect(await run(['-', '-'])).toMatchObject({code: 2, stderr: 'docmodel: diff: only one of the two files can be - (stdin)\n'})
    expect(await run([V1, V2, '--threshold', '0'])).toMatchObject({
      code: 2,
      stderr: 'docmodel: --threshold: expected a number in (0, 1], got "0"\n'
    })
    expect(await run([V1, V2, '--threshold', '1.5'])).toMatchObject({
      code: 2,
      stderr: 'docmodel: --threshold: expected a number from 0 to 1, got "1.5"\n'
    })
    expect(await run([V1, V2, '--whitespace', 'none'])).toMatchObject({
      code: 2,
      stderr: 'docmodel: --whitespace: expected one of collapse, exact, got "none"\n'
    })
  })

  it('exits 3 on input it cannot use, naming the file', async () => {
    const missing = await run([V1, 'nope.json'])
    expect(missing).toEqual({code: 3, stdout: '', stderr: 'docmodel: cannot read nope.json: no such file (ENOENT)\n'})
    const broken = join(tmp(), 'broken.json')
    writeFileSync(broken, '{"pages": 1}')
    const invalid = await run([broken, V1])
    expect(invalid.code).toBe(3)
    expect(invalid.stderr.split('\n')[0]).toMatch(new RegExp(`^docmodel: Invalid ${broken.replaceAll('.', '\\.')} \\(\\d+ issues\\):$`))
    const doc = JSON.parse(example)
    doc.pages[1].blocks[3].id = 'blk_100'
    const twice = join(tmp(), 'twice.json')
    writeFileSync(twice, JSON.stringify(doc))
    expect(await run([V1, twice])).toEqual({
      code: 3,
      stdout: '',
      stderr: `docmodel: Invalid ${twice} (1 issue):\nerror pages[1].blocks[3].id: expected a unique id, got "blk_100" again (first at pages[0].blocks[0]); pairs name blocks by id\n`
    })
  })

  it('runs as a real process (smoke test of the built CLI)', () => {
    const out = execFileSync(process.execPath, [repoPath('dist/bin/docmodel.js'), 'diff', V1, V1], {cwd: repoPath(''), encoding: 'utf8'})
    expect(out).toBe('the documents match (3 pages, 33 blocks)\n')
  })
})

const REPORT =
  '--- examples/quarterly-report.json (3 pages, 33 blocks)\n+++ examples/quarterly-report.v2.json (3 pages, 34 blocks)\n\npage 1: 9 same · 1 changed · 1 split\n  split    blk_103 → blk_103, blk_103b (paragraph)\n  changed  blk_107 (table): text, content · CER 2.0% · WER 7.4% · TEDS 0.992 (structure 1.000)\n           - …"15.1% 18.4% +3.3 pp Headcount | FTE 118 126 +8"\n           + …"15.1% 18.4% +3.3 pp Headcount (FTE) 118 126 +8"\n\npage 2: 10 same · 2 changed\n  changed  blk_204 (paragraph): text · CER 1.5% · WER 9.5%\n           - …"EA growth slowed in September <approx. 2%>, but the figure is not confir"…\n           + …"EA growth slowed in September (approx. 2%), but the figure is not confir"…\n  changed  blk_210 (paragraph): text, confidence · CER 34.6% · WER 22.2% · confidence +0.32\n           - "[illegible stamp] Approved by the board, 14 Oct "…\n           + "Approved by the board, 14 Oct "…\n\npage 3: 9 same · 1 added · 1 removed\n  removed  blk_306 (paragraph): "Handwritten margin note: \\"check APAC numbers # before publis…"\n  added    blk_310 (caption): "Figure 3: The Q3 operations dashboard."\n\nsummary: 28 same · 3 changed · 1 split · 0 merged · 1 added · 1 removed\n  CER 7.2% · WER 7.2% · block F1 0.970 · type agreement 1.000 · reading order τ 1.000\n  table blk_107 (page 1): TEDS 0.992, structure 1.000\nthe documents differ\n'

describe('docmodel diff: long texts', () => {
  it('says when the rates of a pair are bounds', async () => {
    const long = 'lorem ipsum dolor sit amet '.repeat(400)
    const file = withText('blk_308', `X${long.slice(1, -1)}Y`)
    const original = join(tmp(), 'long.json')
    writeFileSync(original, readFileSync(withText('blk_308', long)))
    const {code, stdout} = await run([original, file])
    expect(code).toBe(1)
    expect(stdout).toContain('  changed  blk_308 (paragraph): text · CER 0.1% · WER 0.1% · rates are upper bounds (long texts)\n')
  })
})
