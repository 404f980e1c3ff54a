// A render to a file reads its pages from the input's file once its bytes are let go (see
// test/cli/paged-render.test.ts). Here the file changes after that, deterministically: the first
// page read rewrites it (same size, later pages' texts now objects). In the layout order
// (`--order geometry`) every page was validated in the first pass and is not validated again when
// read, so the changed page reached the renderer unchecked: "unexpected error: text.includes is
// not a function", exit 1. A change noticed sends the render to the whole read, which reports the
// file as it now is (exit 3, the JSON path).
import {existsSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it, vi} from 'vitest'
import {generateDocument} from '../../bench/generate.js'
import {tempDir} from './helpers.js'

const change: {path?: string; text?: string} = {}

vi.mock('../../src/cli/paged.js', async (original) => {
  const paged = await original<typeof import('../../src/cli/paged.js')>()
  return {
    ...paged,
    openPagedInput: (...args: Parameters<typeof paged.openPagedInput>) => {
      const document = paged.openPagedInput(...args)
      if (document === undefined) return undefined
      const {read, release} = document
      let released = false
      return Object.assign(document, {
        release: (before: Parameters<typeof release>[0]) => {
          const answer = release(before)
          released = answer !== undefined
          return answer
        },
        read: (position: number, checked?: boolean) => {
          if (released && change.path !== undefined) {
            writeFileSync(change.path, change.text!)
            change.path = undefined
          }
          return read(position, checked)
        }
      })
    }
  }
})

describe('render page by page from a file that changes once its bytes are let go', () => {
  it('reads the file whole again, in the layout order too: its errors, not an unexpected one', async () => {
    // Test files share each worker's modules (isolate: false): the CLI another file loaded first
    // holds the real paged.js. Loaded afresh here, it takes the mock.
    vi.resetModules()
    const {cli} = await import('./helpers.js')
    const big = generateDocument(60)
    // Later pages' ASCII texts turned into objects of the same length in bytes: still valid JSON.
    const at = big.indexOf('"page":31,')
    const changed =
      big.slice(0, at) +
      big
        .slice(at)
        .replace(/"text":"([\x20\x21\x23-\x5b\x5d-\x7e]{8,})"/g, (_, text: string) => `"text":{"a":"${'x'.repeat(text.length - 6)}"}`)
    expect([Buffer.byteLength(changed), changed === big]).toEqual([Buffer.byteLength(big), false])
    const dir = tempDir()
    try {
      const path = join(dir, 'doc.json')
      for (const order of [[], ['--order', 'geometry']]) {
        writeFileSync(path, big)
        Object.assign(change, {path, text: changed})
        const run = await cli(['render', path, ...order, '-o', join(dir, 'out.md')])
        expect(change.path, 'the file was changed during the render').toBeUndefined()
        const whole = await cli(['render', path, ...order, '-o', join(dir, 'out.md')], {env: {DOCMODEL_WHOLE_READ: '1'}})
        expect(run).toEqual(whole)
        expect(run.code).toBe(3)
        expect(run.stderr).toMatch(/error pages\[30\]\.blocks\[\d+\]\.text: expected string/)
        expect(existsSync(join(dir, 'out.md'))).toBe(false)
        expect(readdirSync(dir)).toEqual(['doc.json'])
      }
    } finally {
      rmSync(dir, {recursive: true})
    }
  })
})
