// `render` reads a document page by page (src/cli/paged.ts): the same bytes, warnings, errors
// and exit codes as reading it whole (DOCMODEL_WHOLE_READ=1) and as renderMarkdown(parseDocument)
// of the text, on every fixture and on generated documents (pages out of order, repeated page
// numbers, numbered headings, jobs), whatever the flags.
import {readFileSync, readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {readPagedInput} from '../../src/cli/paged.js'
import {parseDocument, parseJob, renderMarkdown} from '../../src/index.js'
import type {Document, RenderOptions} from '../../src/index.js'
import {documentArb, shuffle} from '../helpers/arbitraries.js'
import {EXAMPLE, repoPath} from '../helpers/paths.js'
import {cli} from './helpers.js'

const WHOLE = {DOCMODEL_WHOLE_READ: '1'}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : []
  })
}
const fixtures = [...jsonFiles(repoPath('test/fixtures')), repoPath(EXAMPLE)]

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

const paged = (text: string) =>
  readPagedInput({bytes: Buffer.from(text), name: 'stdin'}, 'lenient', undefined, () => {}) !== undefined

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
      // Errors do not depend on the flags: an invalid fixture is read once.
      for (const [flags, options] of doc ? flagSets : flagSets.slice(0, 1)) {
        const run = await cli(['render', ...flags, '-'], {stdin: text})
        expect(run, `${file} ${flags.join(' ')}`).toEqual(await cli(['render', ...flags, '-'], {stdin: text, env: WHOLE}))
        if (doc) expect(run.stdout, file).toBe(renderMarkdown(doc, options))
      }
    }
    expect(pagedRuns).toBeGreaterThan(20)
  })

  // Headings with section numbers (consistent or not), pages shuffled and renumbered, some wrapped in a job.
  const numbered = ['1 Scope', '2 Terms', '2.1 Rates', '2.2 Fees', '3 Plan', '2.1.3 Case', '4 End', 'A. Annex']
  const generated = fc
    .tuple(documentArb, fc.nat(), fc.array(fc.nat({max: 4}), {maxLength: 4}), fc.boolean(), fc.boolean(), fc.nat({max: flagSets.length - 1}))
    .map(([doc, seed, renumber, job, indent, flags]) => {
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
      const document = {...doc, pages}
      const value = job
        ? {
            job_id: 'j',
            status: 'completed',
            file_info: {filename: 'gen.pdf', size_bytes: 1, mime_type: 'application/pdf'},
            created_at: '2026-01-01T00:00:00Z',
            started_at: null,
            completed_at: null,
            estimated_seconds: null,
            status_url: 'https://api.example.com/v1/jobs/j',
            expires_at: null,
            document,
            markdown: '',
            cache_hit: false,
            error: null
          }
        : document
      return {text: JSON.stringify(value, null, indent ? 2 : undefined), document: document as Document, flags: flagSets[flags]!}
    })

  test.prop([generated], {numRuns: 60})('gives generated documents the bytes and messages of the whole read', async ({text, document, flags: [flags, options]}) => {
    const run = await cli(['render', ...flags, '-'], {stdin: text})
    expect(run).toEqual(await cli(['render', ...flags, '-'], {stdin: text, env: WHOLE}))
    if (run.code === 0) {
      expect(paged(text)).toBe(true)
      expect(run.stdout).toBe(renderMarkdown(document, options))
    }
  })
})
