// One temporary folder per test run: every test's temporary files (and those of the CLI processes
// the tests start) go under it (TMPDIR, inherited by the workers and their subprocesses), and it is
// removed when the run ends. Tests make thousands of folders; without this they stayed in /tmp
// (23,000 of them here). Two runs at once each have their own.
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'docmodel-test-run-'))
  process.env.TMPDIR = dir
  return () => rmSync(dir, {recursive: true, force: true})
}
