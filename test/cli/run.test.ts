import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {Readable, Writable} from 'node:stream'
import {describe, expect, it} from 'vitest'
import {commands} from '../../src/cli/commands.js'
import {runCli} from '../../src/cli/run.js'
import {InputError, UsageError} from '../../src/cli/errors.js'
import {DocmodelError} from '../../src/errors.js'
import {EXAMPLE, readJsonFile, repoPath} from '../helpers/paths.js'
import {cli, tempDir} from './helpers.js'

const example = readFileSync(repoPath(EXAMPLE), 'utf8')
const exampleMarkdown = readFileSync(repoPath('test/fixtures/render/example/output.md'), 'utf8')
const version = (readJsonFile('package.json') as {version: string}).version

describe('docmodel: help, version, commands', () => {
  it('prints the version and the help, listing every command and the exit codes', async () => {
    expect(await cli(['--version'])).toEqual({code: 0, stdout: `${version}\n`, stderr: ''})
    const help = await cli(['--help'])
    expect(help.code).toBe(0)
    for (const {name, summary} of commands) expect(help.stdout).toContain(`\n  ${name.padEnd(10)}${summary}\n`)
    expect(help.stdout).toContain(
      'Exit codes: 0 ok · 1 unexpected error · 2 usage · 3 invalid input · 4 API or network failure · 130 interrupted'
    )
    expect((await cli(['help'])).stdout).toBe(help.stdout)
  })

  it('with no command: the help on stderr, exit 2', async () => {
    const run = await cli([])
    expect(run).toMatchObject({code: 2, stdout: ''})
    expect(run.stderr).toMatch(/^docmodel \d+\.\d+\.\d+: /)
  })

  it('every command has help with usage and examples, through --help and `help <command>`', async () => {
    for (const {name} of commands) {
      const run = await cli([name, '--help'])
      expect(run.code, name).toBe(0)
      expect(run.stdout).toMatch(new RegExp(`^Usage: docmodel ${name}`))
      expect(run.stdout).toMatch(/\nExamples:\n {2}docmodel /)
      expect((await cli(['help', name])).stdout).toBe(run.stdout)
    }
  })

  it('an unknown command or option is one line, with a suggestion; never the whole help', async () => {
    expect(await cli(['rendr'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'docmodel: unknown command "rendr" (did you mean render?); see docmodel --help\n'
    })
    expect(await cli(['render', '--page-break', 'rule'], {stdin: 'tty'})).toEqual({
      code: 2,
      stdout: '',
      stderr: 'docmodel: unknown option --page-break (did you mean --page-breaks?)\n'
    })
    expect((await cli(['render', '--zzzzzz'])).stderr).toBe('docmodel: unknown option --zzzzzz\n')
    expect((await cli(['render', '-x'])).stderr).toBe('docmodel: unknown option -x\n')
    expect((await cli(['render', '--furniture=yes'])).stderr).toBe('docmodel: --furniture takes no value\n')
    expect((await cli(['render', '--images'])).stderr).toBe('docmodel: --images needs a value\n')
    expect((await cli(['render', '-o', '--furniture'])).stderr).toBe('docmodel: -o needs a value, got the option --furniture\n')
  })

  it('names the real flags and lists the allowed values', async () => {
    expect((await cli(['schema', 'foo'])).stderr).toBe('docmodel: schema: expected one of document, job, source-map, chunk, queue-job, got "foo"\n')
    expect((await cli(['render', '--text-source', 'verfied'], {stdin: example})).stderr).toBe(
      'docmodel: --text-source: expected one of verified, inferred, derived, got "verfied" (did you mean verified?)\n'
    )
    expect((await cli(['render', '--images', 'inline'])).stderr).toBe(
      'docmodel: --images: expected one of placeholder, embed, omit, got "inline"\n'
    )
    expect((await cli(['filter', '--types', 'heading,paragrph', '-'], {stdin: example})).stderr).toMatch(
      /^docmodel: --types: expected one of heading, paragraph, list, .*, formula, got "paragrph" \(did you mean paragraph\?\)\n$/
    )
    expect((await cli(['render', '--preset', 'trustd'])).stderr).toBe(
      'docmodel: --preset: expected one of trusted, textOnly, verifiedOnly, got "trustd" (did you mean trusted?)\n'
    )
    expect((await cli(['render', '--kind', 'page'])).stderr).toBe('docmodel: --kind: expected one of document, job, got "page"\n')
  })

  it('--debug anywhere on the line; the stack of an unexpected error only with it', async () => {
    expect((await cli(['--debug', 'render'], {stdin: example})).stdout).toBe(exampleMarkdown)
    // A failure the CLI does not foresee: a stdout whose write throws.
    const broken = async (args: string[]) => {
      const stderr: string[] = []
      const code = await runCli(args, {
        stdin: Object.assign(Readable.from([example]), {isTTY: false}),
        stdout: Object.assign(new Writable(), {
          write: () => {
            throw new TypeError('boom')
          }
        }) as never,
        stderr: Object.assign(new Writable(), {write: (chunk: string) => (stderr.push(String(chunk)), true)}) as never,
        env: {}
      })
      return {code, stderr: stderr.join('')}
    }
    expect(await broken(['render', '-'])).toEqual({code: 1, stderr: 'docmodel: unexpected error: boom (run with --debug for details)\n'})
    const debug = await broken(['render', '-', '--debug'])
    expect(debug.code).toBe(1)
    expect(debug.stderr).toMatch(/^docmodel: unexpected error: TypeError: boom\n\s+at /)
  })

  it('the CLI errors are DocmodelErrors with a literal name and a snake_case code', () => {
    const usage = new UsageError('x')
    const input = new InputError('input_too_large', 'y')
    expect(usage).toBeInstanceOf(DocmodelError)
    expect(input).toBeInstanceOf(DocmodelError)
    expect([usage.name, usage.code, input.name, input.code]).toEqual(['UsageError', 'usage', 'InputError', 'input_too_large'])
  })
})

describe('docmodel: where input comes from', () => {
  it('render: the bundled example only on an interactive terminal with no file', async () => {
    expect((await cli(['render'], {stdin: 'tty'})).stdout).toBe(exampleMarkdown)
    const job = readFileSync(repoPath('test/fixtures/conformance/valid/job-completed-reference-example.json'), 'utf8')
    expect(await cli(['render'], {stdin: job})).toEqual({code: 0, stdout: '# Quarterly Report\n', stderr: ''})
    expect(await cli(['render'], {stdin: ''})).toEqual({
      code: 3,
      stdout: '',
      stderr: 'docmodel: stdin is empty: expected a JSON document or job response\n'
    })
    expect((await cli(['stats'], {stdin: 'tty'})).stderr).toBe('docmodel: no input: give a file, or pipe JSON to stdin (or use -)\n')
  })

  it('a file, - for stdin, and relative paths from the working directory', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'doc.json'), example)
    expect((await cli(['render', 'doc.json'], {cwd: dir})).stdout).toBe(exampleMarkdown)
    expect((await cli(['render', '-'], {stdin: example})).stdout).toBe(exampleMarkdown)
  })

  it('"no such file", not ENOENT', async () => {
    expect(await cli(['render', 'nope.json'], {cwd: tempDir()})).toEqual({
      code: 3,
      stdout: '',
      stderr: 'docmodel: cannot read nope.json: no such file (ENOENT)\n'
    })
    expect((await cli(['render', tempDir()])).stderr).toMatch(/^docmodel: cannot read .*: it is a directory\n$/)
  })

  it('-o naming a directory: "is a directory", exit 3, however the open and the writes interleave', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'doc.json'), example)
    mkdirSync(join(dir, 'out'))
    const lines = [['render'], ['filter'], ['stats'], ['preview']].map((command) => [...command, 'doc.json', '-o', 'out'])
    for (const args of [...lines, ['render', 'doc.json', '-o', 'x.md', '--source-map', 'out']])
      for (let run = 0; run < 3; run++)
        expect(await cli(args, {cwd: dir})).toEqual({
          code: 3,
          stdout: '',
          stderr: 'docmodel: cannot write out: is a directory (EISDIR)\n'
        })
  })

  it('a document is told from a job by its top-level keys only; --kind forces it', async () => {
    const doc = JSON.parse(example)
    doc.extraction.job_id = 'j1'
    doc.extraction.status = 'completed'
    doc.pages[0].blocks.push({...doc.pages[0].blocks[0], id: 'blk_x', type: 'widget', job_id: 'j2', status: 'x'})
    const text = JSON.stringify(doc)
    expect((await cli(['validate', '--json', '-'], {stdin: text})).stdout).toMatch(/"kind": "document"/)
    expect((await cli(['render', '-'], {stdin: text})).code).toBe(0)
    const forced = await cli(['validate', '--kind', 'job', '-'], {stdin: text})
    expect(forced.code).toBe(3)
    expect(forced.stdout).toMatch(/^error job_id: expected string, got undefined|^error job_id/)
  })

  it('UTF-16 and other encodings are refused with the command that converts them; a UTF-8 BOM is fine', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(example, 'utf16le')])
    expect((await cli(['render', '-'], {stdin: utf16})).stderr).toBe(
      'docmodel: stdin looks like UTF-16LE text, but docmodel reads UTF-8: convert it first, e.g. iconv -f UTF-16LE -t UTF-8 in.json > utf8.json\n'
    )
    expect((await cli(['render', '-'], {stdin: Buffer.from(example, 'utf16le')})).stderr).toMatch(/looks like UTF-16LE text/)
    expect((await cli(['render', '-'], {stdin: Buffer.from('{"x": "caf\xe9"}', 'latin1')})).stderr).toBe(
      'docmodel: stdin is not valid UTF-8 (Latin-1 or Windows-1252?): convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8 in.json > utf8.json\n'
    )
    expect((await cli(['render', '-'], {stdin: '\ufeff' + example})).stdout).toBe(exampleMarkdown)
  })

  it('invalid JSON: one line per issue, with line and column', async () => {
    const run = await cli(['render', '-'], {stdin: '{"source": '})
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(/^docmodel: Invalid stdin \(1 issue\):\nerror \(root\): invalid JSON at line 1, column 12 \(offset 11\)/)
  })
})

describe('docmodel: limits (hostile input)', () => {
  it('stdin over --max-input-bytes stops at the limit with a clear error, exit 3', async () => {
    expect(await cli(['render', '--max-input-bytes', '1K', '-'], {stdin: example})).toEqual({
      code: 3,
      stdout: '',
      stderr: 'docmodel: stdin is larger than the input limit of 1 KiB; raise it with --max-input-bytes (e.g. --max-input-bytes 2G)\n'
    })
  })

  it('an endless stdin costs the limit, not everything (it is read no further)', async () => {
    let produced = 0
    const endless = new Readable({
      read() {
        produced += 65536
        this.push(Buffer.alloc(65536, 0x20))
      }
    })
    const run = await cli(['validate', '--max-input-bytes', '1M'], {stdin: endless})
    expect(run.stdout).toBe(
      'error: stdin is larger than the input limit of 1 MiB; raise it with --max-input-bytes (e.g. --max-input-bytes 2G)\n'
    )
    expect(run.code).toBe(3)
    expect(produced).toBeLessThan(2 * 1024 * 1024)
  })

  it('/dev/zero (a device) is refused unread; a big regular file is refused before reading', async () => {
    const zero = await cli(['render', '/dev/zero', '--max-input-bytes', '4M'])
    expect(zero).toMatchObject({
      code: 3,
      stderr: 'docmodel: cannot read /dev/zero: it is a device, not a regular file (to read a stream, pipe it to stdin: -)\n'
    })
    const dir = tempDir()
    writeFileSync(join(dir, 'doc.json'), example)
    expect((await cli(['stats', 'doc.json', '--max-input-bytes', '100'], {cwd: dir})).stderr).toMatch(
      /^docmodel: doc\.json is larger than the input limit of 100 bytes/
    )
    expect((await cli(['stats', 'doc.json', '--max-input-bytes', '1M'], {cwd: dir})).code).toBe(0)
  })

  it('--max-input-bytes takes bytes or K/M/G and refuses anything else', async () => {
    expect((await cli(['render', '--max-input-bytes', 'lots'])).stderr).toBe(
      'docmodel: --max-input-bytes: expected a size in bytes like 1048576, 64K, 512M or 2G, got "lots"\n'
    )
    expect((await cli(['render', '--max-input-bytes', '0'])).code).toBe(2)
  })

  it('-o onto the input file is refused, by path or through a link; -o - is stdout', async () => {
    const dir = tempDir()
    const file = join(dir, 'doc.json')
    writeFileSync(file, example)
    expect(await cli(['filter', file, '-o', file])).toEqual({
      code: 2,
      stdout: '',
      stderr: `docmodel: refusing to write the output over the input ${file}: choose another -o\n`
    })
    expect((await cli(['render', 'doc.json', '-o', './doc.json'], {cwd: dir})).code).toBe(2)
    expect(readFileSync(file, 'utf8')).toBe(example)
    expect((await cli(['render', file, '-o', '-'])).stdout).toBe(exampleMarkdown)
    expect((await cli(['render', file, '-o', join(dir, 'out.md')])).stdout).toBe('')
    expect(readFileSync(join(dir, 'out.md'), 'utf8')).toBe(exampleMarkdown)
  })

  it('control characters from a document never reach a terminal raw', async () => {
    const doc = JSON.parse(example)
    doc.pages[0].blocks[1].text = 'Title \x1b[31mred\x1b]0;pwned\x07 \x9b2J'
    doc.pages[0].blocks[2].type = 'evil\x1b[2J'
    const text = JSON.stringify(doc)
    const onTerminal = await cli(['render', '-'], {stdin: text, stdoutTTY: true})
    expect(onTerminal.stdout).toMatch(/^# Title \\u001b\\?\[31mred\\u001b\\?]0;pwned\\u0007 \\u009b2J\n/)
    expect(onTerminal.stdout).not.toMatch(/[\x1b\x07\x9b]/)
    // Into a pipe or a file, data stays byte for byte.
    expect((await cli(['render', '-'], {stdin: text})).stdout).toContain('\x1b')
    const stats = await cli(['stats', '-'], {stdin: text})
    expect(stats.stdout).toContain('  evil\\u001b[2J ')
    expect(stats.stdout).not.toContain('\x1b')
    const strict = await cli(['validate', '--strict', '-'], {stdin: text})
    expect(strict.stdout).not.toMatch(/[\x1b\x07\x9b]/)
    expect((await cli(['render', '-', '--strict'], {stdin: text})).stderr).not.toMatch(/[\x1b\x07\x9b]/)
  })
})
