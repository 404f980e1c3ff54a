// Flags with empty values: an empty -o or --out resolves to the working folder. `render -o ''`
// said "cannot write : is a directory (EISDIR)" (exit 3); `batch --out ''` wrote its outputs, its
// report and its state file into the working folder. Now usage errors (exit 2) that write nothing.
import {readFileSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {EXAMPLE, repoPath} from '../helpers/paths.js'
import {cli, tempDir} from './helpers.js'

describe('empty output names are usage errors', () => {
  it('-o "" and --source-map "" on the commands that print', async () => {
    const dir = tempDir()
    for (const args of [
      ['render', repoPath(EXAMPLE), '-o', ''],
      ['render', repoPath(EXAMPLE), '--source-map', ' '],
      ['filter', repoPath(EXAMPLE), '-o', ''],
      ['validate', repoPath(EXAMPLE), '-o', ''],
      ['schema', 'document', '-o', '']
    ])
      expect(await cli(args, {cwd: dir}), args.join(' ')).toEqual({
        code: 2,
        stdout: '',
        stderr: `docmodel: expected a file name for the output, got ${JSON.stringify(args.at(-1))} (- for stdout)\n`
      })
    expect(readdirSync(dir)).toEqual([])
  })

  it('batch --out "" writes nothing into the working folder', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'doc.json'), '{}')
    expect(await cli(['batch', 'doc.json', '--out', '', '-j', '0'], {cwd: dir})).toEqual({
      code: 2,
      stdout: '',
      stderr: 'docmodel: --out: expected a folder, got ""\n'
    })
    expect(readdirSync(dir)).toEqual(['doc.json'])
  })
})

describe('output names near the file system limit (255 bytes)', () => {
  it('render -o and batch write them: the temporary name beside is cut, not the output refused', async () => {
    const dir = tempDir()
    const long = 'é'.repeat(100) + 'a'.repeat(50) // 250 bytes in UTF-8, and `.md`
    expect(await cli(['render', repoPath(EXAMPLE), '-q', '-o', `${long}.md`], {cwd: dir})).toEqual({code: 0, stdout: '', stderr: ''})
    writeFileSync(join(dir, `${long.slice(0, -2)}.json`), readFileSync(repoPath(EXAMPLE)))
    expect((await cli(['batch', `${long.slice(0, -2)}.json`, '--out', 'out', '-j', '0', '-q'], {cwd: dir})).code).toBe(0)
    expect(readdirSync(dir).sort()).toEqual([`${long.slice(0, -2)}.json`, `${long}.md`, 'out'].sort())
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(
      ['.docmodel-batch-state.json', `${long.slice(0, -2)}.md`, 'batch-report.json'].sort()
    )
  })
})

describe('file system errors in words', () => {
  it('a name past the limit, a link loop', async () => {
    const dir = tempDir()
    const long = 'a'.repeat(300)
    expect(await cli(['render', repoPath(EXAMPLE), '-o', long], {cwd: dir})).toEqual({
      code: 3,
      stdout: '',
      stderr: `docmodel: cannot write ${long}: the name is too long (ENAMETOOLONG)\n`
    })
    symlinkSync('loop.json', join(dir, 'loop.json'))
    expect(await cli(['render', 'loop.json'], {cwd: dir})).toEqual({
      code: 3,
      stdout: '',
      stderr: 'docmodel: cannot read loop.json: too many levels of links (ELOOP)\n'
    })
  })
})
