// Output is never written over what is read: files are compared, not path strings (issue 24).
import {createReadStream, openSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {EXAMPLE, repoPath} from '../helpers/paths.js'
import {cli, tempDir} from './helpers.js'

const example = readFileSync(repoPath(EXAMPLE))
const refusal = (name: string) => `docmodel: refusing to write the output over the input ${name}: choose another -o\n`

/** Stdin redirected from a file, as the shell's `< file` makes it: a stream on the file's descriptor. */
const stdinFrom = (path: string) => Object.assign(createReadStream('', {fd: openSync(path, 'r')}), {isTTY: false})

describe('stdin redirected from a file is that file', () => {
  it('render -o doc.json < doc.json is refused, the document kept (it was replaced with markdown, exit 0)', async () => {
    const dir = tempDir()
    const doc = join(dir, 'doc.json')
    writeFileSync(doc, example)
    const run = await cli(['render', '-o', doc], {stdin: stdinFrom(doc)})
    expect(run).toEqual({code: 2, stdout: '', stderr: refusal('stdin')})
    expect(readFileSync(doc)).toEqual(example)
  })

  it('also through a link to the file, for the other commands and for --source-map', async () => {
    const dir = tempDir()
    const doc = join(dir, 'doc.json')
    writeFileSync(doc, example)
    symlinkSync(doc, join(dir, 'link.json'))
    for (const args of [
      ['render', '-o', join(dir, 'link.json')],
      ['render', '-o', join(dir, 'doc.md'), '--source-map', join(dir, 'link.json')],
      ['filter', '-o', join(dir, 'link.json')],
      ['stats', '-o', doc],
      ['chunk', '--max-tokens', '200', '-o', doc],
      ['preview', '-o', doc]
    ]) {
      const run = await cli(args, {stdin: stdinFrom(doc)})
      expect(run, args.join(' ')).toEqual({code: 2, stdout: '', stderr: refusal('stdin')})
    }
    expect(readFileSync(doc)).toEqual(example)
  })

  it('a pipe on stdin has no file to protect: -o anywhere is fine', async () => {
    const dir = tempDir()
    expect((await cli(['render', '-o', join(dir, 'out.md')], {stdin: example})).code).toBe(0)
  })
})

describe('--source-map and -o are compared as files', () => {
  it('refuses --source-map onto a link to the -o file, existing or not yet written (it replaced the markdown)', async () => {
    const dir = tempDir()
    symlinkSync(join(dir, 'doc.md'), join(dir, 'map-link.json')) // dangling until the markdown is written
    const expected = {code: 2, stdout: '', stderr: 'docmodel: --source-map: expected another file than the markdown’s (-o), got the same\n'}
    expect(await cli(['render', '-', '-o', join(dir, 'doc.md'), '--source-map', join(dir, 'map-link.json')], {stdin: example})).toEqual(
      expected
    )
    writeFileSync(join(dir, 'doc.md'), 'kept')
    expect(await cli(['render', '-', '-o', join(dir, 'doc.md'), '--source-map', join(dir, 'map-link.json')], {stdin: example})).toEqual(
      expected
    )
    expect(await cli(['render', '-', '-o', join(dir, 'map-link.json'), '--source-map', join(dir, 'doc.md')], {stdin: example})).toEqual(
      expected
    )
    expect(readFileSync(join(dir, 'doc.md'), 'utf8')).toBe('kept')
    // Through a linked folder too.
    symlinkSync(dir, join(dir, 'again'))
    expect(await cli(['render', '-', '-o', join(dir, 'doc.md'), '--source-map', join(dir, 'again', 'doc.md')], {stdin: example})).toEqual(
      expected
    )
  })
})
