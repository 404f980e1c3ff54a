import {execFileSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import * as queue from '../../src/queue/index.js'
import {repoPath} from '../helpers/paths.js'

describe('the docmodel/queue entry (dist, through package.json "exports")', () => {
  it('exposes the same named exports as the source, and nothing else', () => {
    const names = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', "const m = await import('docmodel/queue'); console.log(JSON.stringify(Object.keys(m).sort()))"], {
        cwd: repoPath(''),
        encoding: 'utf8'
      })
    )
    expect(names).toEqual(Object.keys(queue).sort())
    expect(names).toEqual([
      'DEFAULT_QUEUE_NAME',
      'QUEUE_FORMATS',
      'QueueJobData',
      'QueueJobOptions',
      'createProcessor',
      'createWorker',
      'enqueue',
      'jobOptionsOf',
      'outputsOf',
      'queueJobJsonSchema',
      'waitForJobs'
    ])
  })
})
