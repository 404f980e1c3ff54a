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
