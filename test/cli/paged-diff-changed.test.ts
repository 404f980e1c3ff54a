// `diff` into a file reads its pages from the inputs' files once their bytes are let go (after
// the first pass), as render does (see test/cli/paged-render-changed.test.ts). Here a file changes
// after that, deterministically: a page read then rewrites it (same size), pages read before
// included. A change noticed sends the diff to the whole read, which reads the files again and
// reports them as they now are (not the pages read before the change beside those read after).
import {existsSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it, vi} from 'vitest'
import {generateDocument} from '../../bench/generate.js'
import {tempDir} from './helpers.js'

const change: {path?: string; text?: string; after?: number} = {}
let releases = 0

vi.mock('../../src/cli/paged.js', async (original) => {
  const paged = await original<typeof import('../../src/cli/paged.js')>()
  return {
    ...paged,
    openPagedInput: (...args: Parameters<typeof paged.openPagedInput>) => {
      const document = paged.openPagedInput(...args)
      if (document === undefined) return undefined
      const {read, release} = document
      let released = false
      let reads = 0
      return Object.assign(document, {
        release: (before: Parameters<typeof release>[0]) => {
          const answer = release(before)
          released = answer !== undefined
          if (released) releases++
          return answer
        },
        read: (position: number, checked?: boolean) => {
          if (released && change.path !== undefined && reads++ === change.after) {
            writeFileSync(change.path, change.text!)
            change.path = undefined
          }
          return read(position, checked)
        }
      })
    }
  }
})

describe('diff page by page from files that change once their bytes are let go', () => {
  it('reads the files whole again: the report, or the errors, of the files as they now are', async () => {
    // Test files share each worker's modules (isolate: false): loaded afresh here, the CLI takes the mock.
    vi.resetModules()
    const {cli} = await import('./helpers.js')
    const a = generateDocument(44)
    const b = a.replaceAll('"latex":"', '"latex":"v_{2} + ')
    const at = b.indexOf('"page":23,')
    const ascii = /"text":"([\x20\x21\x23-\x5b\x5d-\x7e]{8,})"/g
    // Every page's ASCII texts reversed, after 30 pages were read (still valid: another report);
    // the later pages' turned into objects of the same length in bytes, at the first page read (invalid).
    const edits = {
      valid: {after: 30, text: b.replace(ascii, (_, text: string) => `"text":"${[...text].reverse().join('')}"`)},
      invalid: {after: 0, text: b.slice(0, at) + b.slice(at).replace(ascii, (_, text: string) => `"text":{"a":"${'x'.repeat(text.length - 6)}"}`)}
    }
    const dir = tempDir()
    try {
      const [pathA, pathB, out] = [join(dir, 'a.json'), join(dir, 'b.json'), join(dir, 'out.json')]
      for (const [kind, {after, text: changed}] of Object.entries(edits)) {
        expect(Buffer.byteLength(changed)).toBe(Buffer.byteLength(b))
        for (const flags of [['--json'], []]) {
          writeFileSync(pathA, a)
          writeFileSync(pathB, b)
          Object.assign(change, {path: pathB, text: changed, after})
          releases = 0
          const run = await cli(['diff', pathA, pathB, ...flags, '-o', out])
          const written = existsSync(out) ? readFileSync(out, 'utf8') : undefined
          expect(change.path, 'the file was changed during the diff').toBeUndefined()
          expect(releases, 'both files were read from once their bytes were let go').toBe(2)
          const whole = await cli(['diff', pathA, pathB, ...flags, '-o', out], {env: {DOCMODEL_WHOLE_READ: '1'}})
          expect({...run, written}).toEqual({...whole, written: existsSync(out) ? readFileSync(out, 'utf8') : undefined})
          if (kind === 'invalid') {
            expect(run.code).toBe(3)
            expect(run.stderr).toMatch(/error pages\[22\]\.blocks\[\d+\]\.text: expected string/)
            expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.json'])
          } else {
            expect(run.code).toBe(1)
            expect(written).toContain(flags.length > 0 ? '"status": "changed"' : 'the documents differ')
          }
          rmSync(out, {force: true})
        }
      }
    } finally {
      rmSync(dir, {recursive: true})
    }
  })
})
