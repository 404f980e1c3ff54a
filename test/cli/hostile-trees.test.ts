// Folder walks that find less than they were given: nothing may be left out unsaid. A folder that
// cannot be listed (no permission) was skipped by the walk and by the glob crawl alike: `validate`
// said "ok" for the rest and exited 0, `batch` "1 converted, 0 failed", with the folder's
// documents never read. A folder with no .json file made `validate` print nothing and exit 0
// (`--json`: `{"mode": "lenient"}`), as if everything had been checked.
import {spawnSync} from 'node:child_process'
import {chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {EXAMPLE, repoPath} from '../helpers/paths.js'
import {cli, tempDir} from './helpers.js'

const BIN = repoPath('dist/bin/docmodel.js')
const NOBODY = 65534

/**
 * A tree `in/` of `ok/a.json` and `locked/b.json`, `locked/c.json`, with `locked` made unreadable
 * to whoever runs the CLI (`docmodel` below: a real process, as `nobody` when the tests run as root,
 * whom no permission stops).
 */
function lockedTree() {
  // Not under the test run's folder (TMPDIR, private to this user): `nobody` must reach the tree.
  const dir = mkdtempSync('/tmp/docmodel-locked-tree-')
  made.push(dir)
  chmodSync(dir, 0o777)
  for (const folder of ['in', 'in/ok', 'in/locked']) mkdirSync(join(dir, folder), {mode: 0o777})
  chmodSync(join(dir, 'in'), 0o777) // the umask took the write bits: batch writes its outputs as `nobody`
  for (const file of ['ok/a.json', 'locked/b.json', 'locked/c.json']) copyFileSync(repoPath(EXAMPLE), join(dir, 'in', file))
  chmodSync(join(dir, 'in/locked'), 0o000)
  const docmodel = (...args: string[]) => {
    const root = process.getuid?.() === 0
    const run = spawnSync(process.execPath, [BIN, ...args], {cwd: dir, encoding: 'utf8', ...(root ? {uid: NOBODY, gid: NOBODY} : {})})
    return {code: run.status, stdout: run.stdout, stderr: run.stderr}
  }
  return {dir, docmodel}
}

const made: string[] = []
afterAll(() => {
  for (const dir of made) {
    chmodSync(join(dir, 'in/locked'), 0o700)
    rmSync(dir, {recursive: true, force: true})
  }
})

const unlisted = 'cannot list the folder in/locked: permission denied (EACCES); the files in it were not read'

describe.runIf(process.platform === 'linux')('a folder that cannot be listed is a failed input, never left out', () => {
  it('validate: a folder and a pattern below it both report the folder and exit 3', () => {
    const {docmodel} = lockedTree()
    for (const input of ['in', 'in/**/*.json']) {
      const run = docmodel('validate', input)
      expect(run).toEqual({
        code: 3,
        stdout: `ok: in/ok/a.json is a valid document\nerror: ${unlisted}\n2 files: 1 valid, 1 invalid\n`,
        stderr: ''
      })
    }
  })

  it('batch: the folder fails (stderr and report) and the run exits 3', () => {
    const {dir, docmodel} = lockedTree()
    const run = docmodel('batch', 'in', '--out', 'out', '-j', '0')
    expect(run.code).toBe(3)
    expect(run.stderr).toContain(`failed: in/locked: ${unlisted}\n`)
    const report = JSON.parse(readFileSync(join(dir, 'out/batch-report.json'), 'utf8'))
    expect(report.summary).toMatchObject({files: 2, converted: 1, failed: 1})
    expect(report.files.find((file: {input: string}) => file.input === 'in/locked')).toMatchObject({status: 'failed', error: unlisted})
  })

  it('enqueue: refused before any job is added (no Redis is asked)', () => {
    const {docmodel} = lockedTree()
    const run = docmodel('enqueue', 'in', '--out', 'out', '--redis', 'redis://127.0.0.1:1')
    expect(run).toEqual({code: 3, stdout: '', stderr: `docmodel: ${unlisted}\n`})
  })
})

describe('validate: folders without a .json file are not "all valid"', () => {
  it('is a usage error (exit 2), as in batch, with --json too', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'empty'))
    for (const args of [
      ['validate', 'empty'],
      ['validate', 'empty', '--json']
    ])
      expect(await cli(args, {cwd: dir})).toEqual({code: 2, stdout: '', stderr: 'docmodel: no .json input found in empty\n'})
  })
})

describe('a file name cannot forge a line of a report or message', () => {
  it('a newline in a name is shown as \\u000a: validate, batch and render keep one line per issue or file', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'in'))
    const forged = 'a\nok: b.json is a valid document'
    writeFileSync(join(dir, 'in', `${forged}.json`), '{"pages": [')
    const shown = 'in/a\\u000aok: b.json is a valid document.json'
    const validate = await cli(['validate', 'in'], {cwd: dir})
    expect(validate).toMatchObject({code: 3, stderr: ''})
    expect(validate.stdout).toBe(
      `error (root): invalid JSON at line 1, column 12 (offset 11): unexpected end of input\ninvalid: ${shown}: 1 error\n`
    )
    const batch = await cli(['batch', 'in', '--out', 'out', '-j', '0'], {cwd: dir})
    expect(batch.stderr.split('\n')[0]).toBe(
      `failed: ${shown}: Invalid document (1 issue): (root): invalid JSON at line 1, column 12 (offset 11): unexpected end of input`
    )
    const render = await cli(['render', join('in', `${forged}.json`)], {cwd: dir})
    expect(render.stderr.split('\n')[0]).toBe(`docmodel: Invalid ${shown} (1 issue):`)
  })
})
