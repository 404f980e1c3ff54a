// `render` reads a document page by page (src/cli/paged.ts): the same bytes, warnings, errors
// and exit codes as reading it whole (DOCMODEL_WHOLE_READ=1) and as renderMarkdown(parseDocument)
// of the text, on every fixture and on generated documents (pages out of order, repeated page
// numbers, numbered headings, jobs), whatever the flags.
import {spawnSync, execFileSync} from 'node:child_process'
import {existsSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fc, test} from '@fast-check/vitest'
import {afterAll, describe, expect, it} from 'vitest'
import {openPagedInput} from '../../src/cli/paged.js'
import {parseDocument, parseJob, renderMarkdown} from '../../src/index.js'
import type {Document, RenderOptions} from '../../src/index.js'
import {generateDocument} from '../../bench/generate.js'
import {completedJob, documentArb, shuffle} from '../helpers/arbitraries.js'
import {EXAMPLE, repoPath} from '../helpers/paths.js'
import {cli, fixtureFiles, tempDir} from './helpers.js'

const WHOLE = {DOCMODEL_WHOLE_READ: '1'}

const fixtures = fixtureFiles({layoutSets: true})

/** Flag sets and the render options they stand for. */
const flagSets: Array<[string[], RenderOptions]> = [
  [[], {}],
  [['--page-breaks', 'rule', '--furniture'], {pageBreaks: 'rule', furniture: true}],
  [['--page-breaks', 'comment', '--pages', '2-'], {pageBreaks: 'comment', filter: {pages: {from: 2}}}],
  [['--preset', 'trusted', '--order', 'geometry'], {filter: 'trusted', order: 'geometry'}],
  [['--no-heading-numbering', '--pages', '1,3'], {headingNumbering: false, filter: {pages: [1, 3]}}]
]

/** Whether the text is valid as the CLI would read it (document or job), and its document. */
function documentOf(text: string): Document | null | undefined {
  try {
    const value = JSON.parse(text) as Record<string, unknown>
    return 'job_id' in value && 'status' in value ? parseJob(text).document : parseDocument(text)
  } catch {
    return undefined
  }
}

const paged = (text: string) => openPagedInput({bytes: Buffer.from(text), name: 'stdin'}, 'lenient', undefined) !== undefined

/**
 * The CLI's answer with its output read back: to stdout (pages validated first), or to a file
 * (written under a temporary name: pages skimmed first, validated as they are rendered).
 */
async function renderRun(text: string, flags: string[], toFile: boolean, env: Record<string, string> = {}, command = 'render') {
  if (!toFile) return cli([command, ...flags, '-'], {stdin: text, env})
  // One folder for every run, emptied after each (a folder made and removed per run was a tenth of the file's time).
  outDir ??= tempDir()
  const dir = outDir
  const run = await cli([command, ...flags, '-', '-o', join(dir, 'out.md')], {stdin: text, env})
  const written = existsSync(join(dir, 'out.md')) ? readFileSync(join(dir, 'out.md'), 'utf8') : undefined
  const entries = readdirSync(dir)
  for (const name of entries) rmSync(join(dir, name), {recursive: true, force: true})
  return {...run, written, left: entries.filter((name) => name !== 'out.md')}
}
let outDir: string | undefined
afterAll(() => outDir && rmSync(outDir, {recursive: true, force: true}))

describe('render page by page', () => {
  it('gives every fixture the bytes, messages and exit code of the whole read, and of renderMarkdown', {timeout: 120_000}, async () => {
    let pagedRuns = 0
    for (const file of fixtures) {
      const text = readFileSync(file, 'utf8')
      const doc = documentOf(text)
      // A valid document is read page by page (the comparison would prove nothing otherwise).
      if (doc && doc.pages.length > 0) {
        expect(paged(text), file).toBe(true)
        pagedRuns++
      }
      // Errors do not depend on the flags: an invalid fixture is read once; page flags matter from two pages on.
      // The reading-order measurement sets (corpus/docling-layout/) with the default flags only: they
      // add pages, not shapes the flags have not met in the other fixtures.
      const sets = !doc || file.includes('/docling-layout/') ? flagSets.slice(0, 1) : doc.pages.length < 2 ? flagSets.slice(0, 2) : flagSets
      for (const [k, [flags, options]] of sets.entries())
        for (const toFile of k < 2 ? [false, true] : [k % 2 === 0]) {
          const run = await renderRun(text, flags, toFile)
          expect(run, `${file} ${flags.join(' ')}`).toEqual(await renderRun(text, flags, toFile, WHOLE))
          if (doc) expect(toFile ? (run as {written?: string}).written : run.stdout, file).toBe(renderMarkdown(doc, options))
        }
    }
    expect(pagedRuns).toBeGreaterThan(20)
  })

  it('chunk gives every fixture the chunks, messages and exit code of the whole read', {timeout: 120_000}, async () => {
    // Characters, not tokens: the comparison is of the reading, and a tokenizer's load would dominate.
    const sets = [['--max-chars', '400'], ['--max-chars', '300', '--pages', '2-', '--boundary', 'page', '--overlap', '40'], ['--max-chars', '200', '--preset', 'trusted']]
    for (const file of fixtures) {
      const text = readFileSync(file, 'utf8')
      const doc = documentOf(text)
      const valid = doc !== undefined
      // The reading-order measurement sets with the first flags only, as above.
      for (const [k, flags] of (doc && doc.pages.length > 1 && !file.includes('/docling-layout/') ? sets : sets.slice(0, 1)).entries()) {
        const toFile = k % 2 === 1 || !valid
        const run = await renderRun(text, flags, toFile, {}, 'chunk')
        expect(run, `${file} ${flags.join(' ')}`).toEqual(await renderRun(text, flags, toFile, WHOLE, 'chunk'))
      }
    }
  })

  it('validates the pages --pages leaves out, to a file as to stdout: an invalid one is the whole read\'s error', async () => {
    const doc = JSON.parse(readFileSync(repoPath(EXAMPLE), 'utf8'))
    doc.pages.at(-1).blocks[0].confidence = 2
    const text = JSON.stringify(doc)
    for (const toFile of [false, true]) {
      const run = await renderRun(text, ['--pages', '1'], toFile)
      expect(run).toEqual(await renderRun(text, ['--pages', '1'], toFile, WHOLE))
      expect(run.code).toBe(3)
      expect(run.stderr).toContain('confidence')
      if (toFile) expect(run).toMatchObject({written: undefined, left: []})
      const chunked = await renderRun(text, ['--pages', '1', '--max-chars', '200'], toFile, {}, 'chunk')
      expect(chunked).toEqual(await renderRun(text, ['--pages', '1', '--max-chars', '200'], toFile, WHOLE, 'chunk'))
      expect(chunked.code).toBe(3)
    }
  })

  // Headings with section numbers (consistent or not), pages shuffled and renumbered, some wrapped in a job.
  const numbered = ['1 Scope', '2 Terms', '2.1 Rates', '2.2 Fees', '3 Plan', '2.1.3 Case', '4 End', 'A. Annex']
  const generated = fc
    .tuple(
      documentArb,
      fc.nat(),
      fc.array(fc.nat({max: 4}), {maxLength: 4}),
      fc.boolean(),
      fc.boolean(),
      fc.nat({max: flagSets.length - 1}),
      fc.option(fc.tuple(fc.nat(), fc.constantFrom({confidence: 2}, {type: 'heading', text: 7}, {bbox: [0.5, 0.5, 0.1]})), {freq: 3})
    )
    .map(([doc, seed, renumber, job, indent, flags, corrupt]) => {
      let h = seed
      const pages = shuffle(doc.pages, seed).map((page, i) => {
        const number = renumber[i] === undefined ? page.page : renumber[i]! + 1
        const blocks = page.blocks.map((block) =>
          // Paragraphs become numbered section headings, so numbering decides depths across pages.
          block.type === 'heading' || block.type === 'paragraph'
            ? {...block, type: 'heading', role: 'section', page: number, text: numbered[h++ % numbered.length]!}
            : {...block, page: number}
        )
        return {...page, page: number, blocks}
      })
      // Sometimes one block made invalid: the error must be the whole read's, whichever page it is on.
      const blocks = pages.flatMap((page) => page.blocks)
      if (corrupt && blocks.length > 0) Object.assign(blocks[corrupt[0] % blocks.length]!, corrupt[1])
      const document = {...doc, pages}
      const value = job ? completedJob(document) : document
      return {text: JSON.stringify(value, null, indent ? 2 : undefined), document: document as Document, flags: flagSets[flags]!, toFile: indent}
    })

  test.prop([generated], {numRuns: 60})('gives generated documents the bytes and messages of the whole read', async ({text, document, flags: [flags, options], toFile}) => {
    const run = await renderRun(text, flags, toFile)
    expect(run).toEqual(await renderRun(text, flags, toFile, WHOLE))
    const chunkFlags = ['--max-chars', '200', ...flags.filter((flag) => !['rule', 'comment', '--page-breaks', '--furniture'].includes(flag))]
    expect(await renderRun(text, chunkFlags, toFile, {}, 'chunk')).toEqual(await renderRun(text, chunkFlags, toFile, WHOLE, 'chunk'))
    if (run.code === 0) {
      expect(paged(text)).toBe(true)
      expect(toFile ? (run as {written?: string}).written : run.stdout).toBe(renderMarkdown(document, options))
    }
  })
})

// A file's bytes are let go once the first pass is done (the pages are then read from the file one
// at a time), so a render to a file never holds the whole input: the same bytes and messages as
// the whole read, the file read again when the render gives up, and a file that changes noticed.
describe('render page by page from a file, its bytes let go', () => {
  // Over the 1 MB below which the bytes are kept: the bench's generator, 60 pages.
  const big = generateDocument(60)

  it('lets go of the bytes of an unchanged regular file, and reads the same pages from it', () => {
    const dir = tempDir()
    try {
      const path = join(dir, 'doc.json')
      writeFileSync(path, big)
      const unread = statSync(path)
      const bytes = readFileSync(path)
      const document = openPagedInput({bytes, name: 'doc.json', path}, 'lenient', undefined)!
      // Changed since it was read (another size, another change time): kept.
      expect(document.release({...unread, size: unread.size + 1})).toBeUndefined()
      expect(document.release({...unread, ctimeMs: unread.ctimeMs - 1})).toBeUndefined()
      expect(bytes.length).toBe(Buffer.byteLength(big))
      const released = document.release(unread)!
      expect(released).toBeDefined()
      expect(bytes.length).toBe(0) // detached: its memory goes with the copy nobody keeps
      const pages = (JSON.parse(big) as {pages: unknown[]}).pages
      expect(Array.from({length: document.count}, (_, position) => document.read(position))).toEqual(pages)
      expect(released.unchanged()).toBe(true)
      // Rewritten with the same size: its change time moves.
      writeFileSync(path, big.replace('"page":1,', '"page":9,'))
      const later = statSync(path)
      if (later.ctimeMs === unread.ctimeMs) utimesSync(path, new Date(), new Date(Date.now() + 5000))
      expect(released.unchanged()).toBe(false)
      released.close()
      released.close() // once only
    } finally {
      rmSync(dir, {recursive: true})
    }
  })

  it('keeps the bytes of a small file, of stdin and of a buffer not its own', () => {
    const dir = tempDir()
    try {
      const path = join(dir, 'doc.json')
      const small = readFileSync(repoPath(EXAMPLE))
      writeFileSync(path, small)
      expect(openPagedInput({bytes: readFileSync(path), name: 'doc.json', path}, 'lenient', undefined)!.release(statSync(path))).toBeUndefined()
      writeFileSync(path, big)
      expect(openPagedInput({bytes: readFileSync(path), name: 'stdin'}, 'lenient', undefined)!.release(statSync(path))).toBeUndefined()
      const shared = Buffer.concat([Buffer.from(' '), readFileSync(path)]).subarray(1)
      expect(openPagedInput({bytes: shared, name: 'doc.json', path}, 'lenient', undefined)!.release(statSync(path))).toBeUndefined()
    } finally {
      rmSync(dir, {recursive: true})
    }
  })

  it('keeps the bytes of a FIFO, never waiting on it: its writer gone, opening it again would block the process for good', () => {
    // In a child killed after a while: the regression is a synchronous open that no signal handler can interrupt.
    const dir = tempDir()
    try {
      const fifo = join(dir, 'doc.json')
      execFileSync('mkfifo', [fifo])
      const script = `
        import {openPagedInput} from ${JSON.stringify(repoPath('src/cli/paged.ts'))}
        import {statSync} from 'node:fs'
        const bytes = Buffer.from(${JSON.stringify(big)})
        const document = openPagedInput({bytes, name: 'doc.json', path: ${JSON.stringify(fifo)}}, 'lenient', undefined)
        process.stdout.write(String(document.release(statSync(${JSON.stringify(fifo)})) === undefined && bytes.length > 0))`
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-'], {input: script, encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL', cwd: repoPath('')})
      expect({stdout: run.stdout, stderr: run.stderr, signal: run.signal}).toEqual({stdout: 'true', stderr: '', signal: null})
    } finally {
      rmSync(dir, {recursive: true})
    }
  })

  it('gives the bytes and messages of the whole read, and reads the file again when a page is invalid', {timeout: 60_000}, async () => {
    const dir = tempDir()
    try {
      const path = join(dir, 'doc.json')
      const invalid = JSON.parse(big) as {pages: Array<{blocks: Array<Record<string, unknown>>}>}
      invalid.pages.at(-1)!.blocks[0]!.confidence = 2
      for (const [text, code] of [
        [big, 0],
        [JSON.stringify(invalid), 3]
      ] as const) {
        writeFileSync(path, text)
        const runs = []
        for (const env of [{}, WHOLE]) {
          const run = await cli(['render', path, '-o', join(dir, 'out.md')], {env})
          const written = existsSync(join(dir, 'out.md')) ? readFileSync(join(dir, 'out.md'), 'utf8') : undefined
          rmSync(join(dir, 'out.md'), {force: true})
          runs.push({...run, written})
        }
        expect(runs[0]).toEqual(runs[1])
        expect(runs[0]!.code).toBe(code)
        if (code === 0) expect(runs[0]!.written).toBe(renderMarkdown(parseDocument(text), {}))
        else expect(runs[0]).toMatchObject({written: undefined, stderr: expect.stringContaining('confidence')})
      }
    } finally {
      rmSync(dir, {recursive: true})
    }
  })
})
