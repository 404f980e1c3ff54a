// Valid-but-hostile JSON through every command that reads one document, to stdout and into a file
// (the page-by-page readings differ there): the same exit code, an issue line with the JSON path,
// no file left on failure, and nothing dropped on success. Found holding in an adversarial review
// (2026-12-06); kept as regressions of the page-by-page readings, which each take another route
// through the bytes than the whole read.
import {existsSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {EXAMPLE, repoPath} from '../helpers/paths.js'
import {cli, tempDir} from './helpers.js'

const example = readFileSync(repoPath(EXAMPLE), 'utf8')
const doc = JSON.parse(example)

const compact = JSON.stringify(doc)

/** The example (compact) with its first page's second block's JSON text changed by `edit` (so duplicate keys survive). */
const withBlock = (edit: (json: string) => string) => {
  const block = JSON.stringify(doc.pages[0].blocks[1])
  return compact.replace(block, edit(block))
}

// Each: the input, and the issue line every command must give (with its path).
const invalid: Array<[string, string, string]> = [
  [
    'an escaped __proto__ key',
    withBlock((b) => b.replace('{', '{"\\u005f_proto__": {"x": 1}, ')),
    'error pages[0].blocks[1].__proto__: expected no "__proto__" key'
  ],
  [
    'a confidence of 1e400',
    withBlock((b) => b.replace(/"confidence":[^,}]+/, '"confidence":1e400')),
    'error pages[0].blocks[1].confidence: expected number, got Infinity'
  ],
  [
    'a page number past 2^53',
    compact.replace('{"page":2,"blocks"', '{"page":9007199254740993,"blocks"'),
    'error pages[1].page: expected a number ≤ 9007199254740991'
  ],
  ['a null block', withBlock(() => 'null'), 'error pages[0].blocks[1]: expected object, got null'],
  ['pages repeated, the last not an array', compact.slice(0, -1) + ',"pages":"none"}', 'error pages: expected array, got "none"'],
  ['text after the JSON value', compact + '{}', 'error (root): invalid JSON at line'],
  ['a raw U+0000 in a string', withBlock((b) => b.replace(/"text":"/, '"text":"\u0000')), 'error (root): invalid JSON at line']
]

const readers = ['render', 'validate', 'filter', 'stats', 'chunk', 'preview', 'diff']
const args = (command: string, file: string) =>
  command === 'chunk' ? [command, file, '--max-tokens', '64'] : command === 'diff' ? [command, file, repoPath(EXAMPLE)] : [command, file]

describe('hostile JSON: every reader, to stdout and into a file, says the same issue and path', () => {
  it.each(invalid)('%s', async (_, input, line) => {
    const dir = tempDir()
    writeFileSync(join(dir, 'doc.json'), input)
    for (const command of readers)
      for (const output of [[], ['-o', join(dir, 'out')]]) {
        const run = await cli([...args(command, join(dir, 'doc.json')), ...output])
        // validate's report is its output: on stdout, or in the -o file
        const said = command !== 'validate' ? run.stderr : output.length ? readFileSync(join(dir, 'out'), 'utf8') : run.stdout
        expect(run.code, `${command} ${output.join(' ')}`).toBe(3)
        expect(
          said.split('\n').some((l) => l.startsWith(line)),
          `${command} ${output.join(' ')}: ${said}`
        ).toBe(true)
        expect(run.stderr).not.toMatch(/\n\s+at /) // no stack
        if (command === 'validate') rmSync(join(dir, 'out'), {force: true})
        expect(existsSync(join(dir, 'out')), command).toBe(false)
        expect(readdirSync(dir), command).toEqual(['doc.json']) // no temporary file either
      }
  })
})

describe('hostile JSON that is valid: nothing dropped', () => {
  it('an unknown block type, a repeated page number, a lone surrogate: every block rendered, to stdout and into a file', async () => {
    const dir = tempDir()
    const hostile = structuredClone(doc)
    hostile.pages[0].blocks[1] = {...hostile.pages[0].blocks[1], type: 'hologram', text: 'unknown kind'}
    hostile.pages[2].page = 2 // two pages numbered 2
    hostile.pages[2].blocks = hostile.pages[2].blocks.map((b: object) => ({...b, page: 2}))
    hostile.pages[1].blocks.find((b: {type: string}) => b.type === 'paragraph').text = 'lone \ud800 surrogate'
    writeFileSync(join(dir, 'doc.json'), JSON.stringify(hostile))
    const stdout = await cli(['render', join(dir, 'doc.json'), '-q'])
    expect(stdout.code).toBe(0)
    expect(await cli(['render', join(dir, 'doc.json'), '-q', '-o', join(dir, 'out.md')])).toMatchObject({code: 0, stdout: ''})
    expect(readFileSync(join(dir, 'out.md'), 'utf8')).toBe(stdout.stdout)
    expect(stdout.stdout).toContain('unknown kind')
    expect(stdout.stdout).toContain('lone \ufffd surrogate')
    // Every block of both pages numbered 2 (texts of the third page of the example).
    for (const block of doc.pages[2].blocks.filter((b: {type: string; text?: string}) => b.type === 'paragraph'))
      expect(stdout.stdout).toContain(block.text.slice(0, 20))
    const stats = JSON.parse((await cli(['stats', join(dir, 'doc.json'), '--json'])).stdout)
    expect(stats.blocks).toBe(doc.pages.reduce((n: number, p: {blocks: unknown[]}) => n + p.blocks.length, 0))
  })

  it('filter: a structure too deep to print names its path, in a job too', async () => {
    const job = JSON.parse(readFileSync(repoPath('test/fixtures/conformance/valid/job-completed-reference-example.json'), 'utf8'))
    const text = JSON.stringify(job).replace('"text":', `"we ird": ${'['.repeat(5000)}${']'.repeat(5000)}, "text":`)
    expect(await cli(['filter', '-'], {stdin: text})).toEqual({
      code: 3,
      stdout: '',
      stderr:
        'docmodel: the input is nested too deeply to print as JSON, at document.pages[0].blocks[0]["we ird"][0][0][0][0][0][0]… (an unknown key holds a structure thousands of levels deep)\n'
    })
  })
})
