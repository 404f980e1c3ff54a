// Outputs written whole (stats, validate, import, job, schema, diff's report, a source map) fail
// without touching the file they were to replace. A real process: `ulimit -f` makes every write
// past 8 KiB fail (EFBIG), as a full disk would.
import {spawnSync} from 'node:child_process'
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {repoPath} from '../helpers/paths.js'
import {tempDir} from './helpers.js'

const BIN = repoPath('dist/cli/main.js')
const DOCLING = repoPath('test/fixtures/import/docling/multi_page.json')

describe('an output written whole that fails midway', {timeout: 60_000}, () => {
  it('leaves the file it was to replace as it was, and no temporary file', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'doc.json'), 'precious\n')
    const run = spawnSync('bash', ['--norc', '-c', 'ulimit -f 8; node "$BIN" import --from docling "$IN" -o doc.json -q'], {
      cwd: dir,
      encoding: 'utf8',
      env: {PATH: process.env.PATH, BIN, IN: DOCLING}
    })
    expect(run.stderr).toBe('docmodel: cannot write doc.json: EFBIG\n')
    expect(run.status).toBe(3)
    expect(readFileSync(join(dir, 'doc.json'), 'utf8')).toBe('precious\n')
    expect(readdirSync(dir)).toEqual(['doc.json'])
  })
})

describe('a process that exits while an output is being written (SIGINT: main.ts exits at once)', {timeout: 60_000}, () => {
  it('leaves no temporary file beside the output, and the file it was to replace as it was', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'out.md'), 'precious\n')
    const script = `
      const {outputStream} = await import(process.env.IO)
      const output = await outputStream('out.md', [], {cwd: process.cwd()})
      output.stream.write('half of it')
      process.exit(130)`
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      encoding: 'utf8',
      env: {IO: repoPath('dist/cli/io.js')}
    })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(130)
    expect(readdirSync(dir)).toEqual(['out.md'])
    expect(readFileSync(join(dir, 'out.md'), 'utf8')).toBe('precious\n')
  })
})
