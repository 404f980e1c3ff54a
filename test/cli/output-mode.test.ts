// A file an output replaces (written under a temporary name, then renamed over it) keeps its
// permission bits: a markdown file made private (0600) is not made world-readable by a render;
// and its owner and group, where the process may give them (root, here).
import {chmodSync, chownSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {EXAMPLE, repoPath} from '../helpers/paths.js'
import {cli, tempDir} from './helpers.js'

describe('an output file replaced', () => {
  for (const mode of [0o600, 0o640, 0o755, 0o444]) {
    it(`keeps its mode ${mode.toString(8)} (render -o, streamed; stats -o, whole)`, async () => {
      const dir = tempDir()
      for (const [command, name] of [['render', 'out.md'], ['stats', 'stats.json']] as const) {
        const file = join(dir, name)
        writeFileSync(file, 'old\n')
        chmodSync(file, mode)
        const run = await cli([command, repoPath(EXAMPLE), '-o', file])
        expect(run.stderr).toBe('')
        expect(run.code).toBe(0)
        expect(readFileSync(file, 'utf8')).not.toBe('old\n')
        expect(statSync(file).mode & 0o777).toBe(mode)
      }
    })
  }

  it.runIf(process.getuid?.() === 0)('keeps its owner and group (render -o, streamed; stats -o, whole)', async () => {
    const dir = tempDir()
    for (const [command, name] of [['render', 'out.md'], ['stats', 'stats.json']] as const) {
      const file = join(dir, name)
      writeFileSync(file, 'old\n')
      chownSync(file, 12345, 12346)
      chmodSync(file, 0o640)
      const run = await cli([command, repoPath(EXAMPLE), '-o', file])
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect(readFileSync(file, 'utf8')).not.toBe('old\n')
      expect(statSync(file)).toMatchObject({uid: 12345, gid: 12346})
      expect(statSync(file).mode & 0o777).toBe(0o640)
    }
  })

  it('a new file gets the usual mode (0666 less the umask)', async () => {
    const dir = tempDir()
    const file = join(dir, 'new.md')
    const run = await cli(['render', repoPath(EXAMPLE), '-o', file])
    expect(run.code).toBe(0)
    expect(statSync(file).mode & 0o777).toBe(0o666 & ~process.umask())
  })
})
