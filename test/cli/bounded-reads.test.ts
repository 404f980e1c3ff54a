// Every file the CLI reads obeys the input limit, and only regular files are read (issue 24).
import {execFileSync, spawn} from 'node:child_process'
import {once} from 'node:events'
import {copyFileSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {PNG_1x1} from '../helpers/blocks.js'
import {EXAMPLE, repoPath} from '../helpers/paths.js'
import {cli, tempDir} from './helpers.js'

const example = repoPath(EXAMPLE)
const png = Buffer.from(PNG_1x1, 'base64')

describe('preview --page-images reads within the input limit', () => {
  it('refuses a page image over the limit (it was read whole)', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, '1.png'), Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]))
    const run = await cli(['preview', example, '--page-images', dir, '--max-input-bytes', '1M'])
    expect(run.code).toBe(3)
    expect(run.stderr).toBe(
      `docmodel: the page images in ${dir} are larger than the input limit of 1 MiB together; raise it with --max-input-bytes (e.g. --max-input-bytes 2G)\n`
    )
  })

  it('counts the images together', async () => {
    const dir = tempDir()
    for (const page of [1, 2, 3]) writeFileSync(join(dir, `${page}.png`), Buffer.concat([png, Buffer.alloc(400 * 1024)]))
    expect((await cli(['preview', example, '--page-images', dir, '--max-input-bytes', '1M'])).code).toBe(3)
    expect((await cli(['preview', example, '--page-images', dir, '--max-input-bytes', '2M'])).code).toBe(0)
  })

  it('refuses 1.png → /dev/zero unread (it read without end)', async () => {
    const dir = tempDir()
    symlinkSync('/dev/zero', join(dir, '1.png'))
    const run = await cli(['preview', example, '--page-images', dir])
    expect(run.code).toBe(3)
    expect(run.stderr).toBe(
      `docmodel: cannot read ${join(dir, '1.png')}: it is a device, not a regular file (to read a stream, pipe it to stdin: -)\n`
    )
  })
})

describe('inputs are regular files', () => {
  it('reads a FIFO as stdin is: a stream within the limit (`diff <(command) b.json`), never in a folder walk', async () => {
    const dir = tempDir()
    const fifo = join(dir, 'doc.json')
    execFileSync('mkfifo', [fifo])
    // A writer that sends the example: the document is read like any other.
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', example, fifo])
    const written = once(writer, 'exit')
    const run = await cli(['render', fifo])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('# Quarterly Report')
    await written
    // An endless writer: cut at the limit, as stdin is.
    const endless = spawn('sh', ['-c', 'exec cat /dev/zero > "$1"', 'sh', fifo])
    const big = await cli(['render', fifo, '--max-input-bytes', '1K'])
    endless.kill()
    expect(big.code).toBe(3)
    expect(big.stderr).toContain(`${fifo} is larger than the input limit of 1 KiB`)
    // In a batch folder a FIFO is refused unread, so a run never waits on one.
    const out = tempDir()
    const batch = await cli(['batch', dir, '--out', out, '--jobs', '0', '-q'])
    expect(batch.code).toBe(3)
    const report = JSON.parse(readFileSync(join(out, 'batch-report.json'), 'utf8'))
    expect(report.files[0].error).toContain('it is a FIFO, not a regular file')
  })

  it('refuses a device: /dev/zero as a file and as a batch input', async () => {
    const run = await cli(['render', '/dev/zero'])
    expect(run).toMatchObject({
      code: 3,
      stderr: 'docmodel: cannot read /dev/zero: it is a device, not a regular file (to read a stream, pipe it to stdin: -)\n'
    })
    const out = tempDir()
    const batch = await cli(['batch', '-', '--out', out, '--jobs', '0', '-q'], {stdin: '/dev/zero\n'})
    expect(batch.code).toBe(3)
    const report = JSON.parse(readFileSync(join(out, 'batch-report.json'), 'utf8'))
    expect(report.files[0].error).toContain('it is a device, not a regular file')
  })

  it('still reads a regular file through a link, and stdin up to the limit', async () => {
    const dir = tempDir()
    copyFileSync(example, join(dir, 'real.json'))
    symlinkSync(join(dir, 'real.json'), join(dir, 'link.json'))
    expect((await cli(['render', join(dir, 'link.json')])).code).toBe(0)
    const big = await cli(['render', '-', '--max-input-bytes', '1K'], {stdin: readFileSync(example)})
    expect(big.code).toBe(3)
    expect(big.stderr).toBe(
      'docmodel: stdin is larger than the input limit of 1 KiB; raise it with --max-input-bytes (e.g. --max-input-bytes 2G)\n'
    )
  })
})
