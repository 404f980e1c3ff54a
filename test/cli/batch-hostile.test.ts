// Batch against hostile trees and resumes (issue 24).
import {existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {EXAMPLE, repoPath} from '../helpers/paths.js'
import {cli, tempDir} from './helpers.js'

const example = readFileSync(repoPath(EXAMPLE), 'utf8')
const report = (dir: string) => JSON.parse(readFileSync(join(dir, 'out/batch-report.json'), 'utf8'))
const rows = (dir: string) => report(dir).files.map((f: {input: string; status: string; error?: string}) => [f.input, f.status, f.error])

describe('docmodel batch: the report never collides with an output', {timeout: 60_000}, () => {
  it('an input named batch-report.json with --to json fails clearly instead of being overwritten by the report', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'in'))
    writeFileSync(join(dir, 'in/batch-report.json'), example)
    writeFileSync(join(dir, 'in/a.json'), example)
    const run = await cli(['batch', 'in', '--out', 'out', '--to', 'json', '-j', '0'], {cwd: dir})
    expect(run.code).toBe(3)
    expect(rows(dir)).toEqual([
      ['in/a.json', 'converted', undefined],
      ['in/batch-report.json', 'failed', 'its output would overwrite the run’s report (batch-report.json); rename the input']
    ])
    // The report is the report, and a second run does not take it for an up-to-date output.
    expect(report(dir).summary).toMatchObject({converted: 1, failed: 1})
    await cli(['batch', 'in', '--out', 'out', '--to', 'json', '-j', '0'], {cwd: dir})
    expect(report(dir).summary).toMatchObject({converted: 0, skipped: 1, failed: 1})
  })
})

describe('docmodel batch: resuming redoes what other flags or other content would change', {timeout: 60_000}, () => {
  it('a plain run after a --preset trusted run does not keep the filtered output', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'in'))
    writeFileSync(join(dir, 'in/doc.json'), example)
    const plain = (await cli(['render', join(dir, 'in/doc.json')])).stdout
    const trusted = (await cli(['render', '--preset', 'trusted', join(dir, 'in/doc.json')])).stdout
    expect(trusted).not.toBe(plain)
    await cli(['batch', 'in', '--out', 'out', '-j', '0', '--preset', 'trusted'], {cwd: dir})
    expect(readFileSync(join(dir, 'out/doc.md'), 'utf8')).toBe(trusted)
    await cli(['batch', 'in', '--out', 'out', '-j', '0'], {cwd: dir})
    expect(report(dir).summary).toMatchObject({converted: 1, skipped: 0})
    expect(readFileSync(join(dir, 'out/doc.md'), 'utf8')).toBe(plain)
    // The same flags again: skipped. Flags that do not shape outputs (-j, -q) change nothing.
    await cli(['batch', 'in', '--out', 'out', '-j', '1', '-q'], {cwd: dir})
    expect(report(dir).summary).toMatchObject({converted: 0, skipped: 1})
  })

  it('an input replaced by other content with an older time is redone (times alone said up to date)', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'in'))
    writeFileSync(join(dir, 'in/doc.json'), example)
    await cli(['batch', 'in', '--out', 'out', '-j', '0'], {cwd: dir})
    writeFileSync(join(dir, 'in/doc.json'), example.replaceAll('Quarterly Report', 'Quarterly Review'))
    const past = new Date('2001-01-01')
    const {utimesSync} = await import('node:fs')
    utimesSync(join(dir, 'in/doc.json'), past, past)
    await cli(['batch', 'in', '--out', 'out', '-j', '0'], {cwd: dir})
    expect(report(dir).summary).toMatchObject({converted: 1})
    expect(readFileSync(join(dir, 'out/doc.md'), 'utf8')).toContain('Quarterly Review')
  })

  it('a deleted output is made again', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'in'))
    writeFileSync(join(dir, 'in/doc.json'), example)
    await cli(['batch', 'in', '--out', 'out', '-j', '0', '--to', 'markdown,stats'], {cwd: dir})
    const {rmSync} = await import('node:fs')
    rmSync(join(dir, 'out/doc.stats.json'))
    await cli(['batch', 'in', '--out', 'out', '-j', '0', '--to', 'markdown,stats'], {cwd: dir})
    expect(report(dir).summary).toMatchObject({converted: 1})
    expect(existsSync(join(dir, 'out/doc.stats.json'))).toBe(true)
  })
})

describe('docmodel batch: links', {timeout: 60_000}, () => {
  /** in/ with a file, a loop → ., and links to a file and a folder outside. */
  function linked() {
    const dir = tempDir()
    mkdirSync(join(dir, 'in/sub'), {recursive: true})
    mkdirSync(join(dir, 'secret'))
    writeFileSync(join(dir, 'in/a.json'), example)
    writeFileSync(join(dir, 'in/sub/b.json'), example)
    writeFileSync(join(dir, 'secret/private.json'), example)
    symlinkSync(join(dir, 'secret/private.json'), join(dir, 'in/outside-file.json'))
    symlinkSync(join(dir, 'secret'), join(dir, 'in/outside-folder'))
    symlinkSync('.', join(dir, 'in/loop'))
    symlinkSync('sub/b.json', join(dir, 'in/alias.json'))
    return dir
  }

  it('does not leave the input folder, and converts each file once (a loop → . converted files twice)', async () => {
    const dir = linked()
    const run = await cli(['batch', 'in', '--out', 'out', '-j', '0'], {cwd: dir})
    expect(run.code).toBe(0)
    expect(rows(dir)).toEqual([
      ['in/a.json', 'converted', undefined],
      ['in/sub/b.json', 'converted', undefined] // reached through alias.json and loop/ too: once, by its own path
    ])
    expect(report(dir).ignoredLinks).toEqual(['in/outside-file.json', 'in/outside-folder'])
    expect(run.stderr.split('\n').slice(0, 2)).toEqual([
      'ignored: in/outside-file.json: a link that leads outside its input folder (--follow-links follows it)',
      'ignored: in/outside-folder: a link that leads outside its input folder (--follow-links follows it)'
    ])
    expect(existsSync(join(dir, 'out/outside-file.md'))).toBe(false)
    expect(existsSync(join(dir, 'out/loop'))).toBe(false)
  })

  it('follows links out of the folder with --follow-links, still each file once', async () => {
    const dir = linked()
    const run = await cli(['batch', 'in', '--out', 'out', '-j', '0', '--follow-links'], {cwd: dir})
    expect(run.code).toBe(0)
    expect(rows(dir).map((row: string[]) => row[0])).toEqual(['in/a.json', 'in/outside-file.json', 'in/sub/b.json'])
    expect(report(dir).ignoredLinks).toEqual([])
  })

  it('a pattern does not leave its base either', async () => {
    const dir = linked()
    const run = await cli(['batch', 'in/**/*.json', '--out', 'out', '-j', '0', '-q'], {cwd: dir})
    expect(run.code).toBe(0)
    const inputs = rows(dir).map((row: string[]) => row[0])
    expect(inputs).not.toContain('in/outside-file.json')
    expect(inputs.filter((name: string) => name.includes('private'))).toEqual([])
    expect(new Set(inputs).size).toBe(inputs.length)
  })
})
