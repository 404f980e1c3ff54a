// Output folders batch (and the queue worker, through the same conversion) cannot create.
import {existsSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {makeDirectory} from '../../src/cli/io.js'
import {EXAMPLE, repoPath} from '../helpers/paths.js'
import {cli, tempDir} from './helpers.js'

// mkdir says ENOENT below /proc although /proc exists: Node's recursive mkdir retried that forever.
describe.runIf(existsSync('/proc/self'))('an output folder mkdir cannot make under a parent that exists', () => {
  it('makeDirectory rejects with ENOENT instead of spinning', async () => {
    await expect(makeDirectory('/proc/docmodel-no-such/out')).rejects.toMatchObject({code: 'ENOENT'})
  })

  it('batch --out below /proc is exit 3, said', async () => {
    const run = await cli(['batch', repoPath(EXAMPLE), '--out', '/proc/docmodel-no-such', '-j', '0'])
    expect(run.code).toBe(3)
    expect(run.stderr).toBe('docmodel: cannot create /proc/docmodel-no-such: no such file (ENOENT)\n')
  })
})

describe('makeDirectory', () => {
  it('makes every missing level, accepts a folder that exists, refuses a file', async () => {
    const dir = tempDir()
    await makeDirectory(join(dir, 'a/b/c'))
    await makeDirectory(join(dir, 'a/b/c'))
    expect(existsSync(join(dir, 'a/b/c'))).toBe(true)
    writeFileSync(join(dir, 'file'), '')
    await expect(makeDirectory(join(dir, 'file'))).rejects.toMatchObject({code: 'EEXIST'})
    await expect(makeDirectory(join(dir, 'file/x'))).rejects.toMatchObject({code: 'ENOTDIR'})
  })
})
