import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {parseCommandLine} from '../../src/cli/args.js'
import {kindOf} from '../../src/cli/input.js'
import {byteSize, formatBytes} from '../../src/cli/io.js'
import {escapeControl} from '../../src/cli/terminal.js'

const controls = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/
const anyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\x1b', '\x07', '\x9b', '\r', '\n', '\t', '\u202e', '[', '\\'),
    fc.string({unit: 'binary', minLength: 1, maxLength: 1})
  )
})

describe('escapeControl', () => {
  test.prop([anyText], {numRuns: 500})('leaves no control character, and hides nothing: reading \\uXXXX back gives the text', (text) => {
    const escaped = escapeControl(text)
    expect(escaped).not.toMatch(controls)
    if (!text.includes('\\')) expect(escaped.replace(/\\u([0-9a-f]{4})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)))).toBe(text)
  })

  it('shows each as \\uXXXX; newline and tab stay', () => {
    expect(escapeControl('a\x1b[31mb\x9b\u202ec\n\t')).toBe('a\\u001b[31mb\\u009b\\u202ec\n\t')
  })
})

describe('kindOf', () => {
  test.prop([fc.dictionary(fc.string(), fc.jsonValue()), fc.boolean(), fc.boolean()], {numRuns: 300})(
    'a job exactly when the top level has both job_id and status, whatever lies deeper',
    (rest, hasId, hasStatus) => {
      const value: Record<string, unknown> = {...rest, nested: {job_id: 'x', status: 'completed'}}
      delete value.job_id
      delete value.status
      if (hasId) value.job_id = 'j'
      if (hasStatus) value.status = 'queued'
      expect(kindOf(value)).toBe(hasId && hasStatus ? 'job' : 'document')
    }
  )
})

describe('flags', () => {
  test.prop([fc.integer({min: 1, max: 2 ** 40})], {numRuns: 200})('byteSize reads what formatBytes-style sizes mean', (n) => {
    expect(byteSize('x', String(n))).toBe(n)
    expect(byteSize('x', `${n}K`)).toBe(n * 1024)
  })

  it('formats sizes in binary units', () => {
    expect([formatBytes(100), formatBytes(1024), formatBytes(512 * 1024 ** 2), formatBytes(1536)]).toEqual([
      '100 bytes',
      '1 KiB',
      '512 MiB',
      '1.5 KiB'
    ])
  })

  it('takes -, negative numbers and open ranges as values; --name=value too', () => {
    const options = {pages: {type: 'string'}, output: {type: 'string', short: 'o'}, quiet: {type: 'boolean', short: 'q'}} as const
    expect(parseCommandLine(['--pages', '-2', '-o', '-', '-q', 'file'], options)).toEqual({
      values: {pages: '-2', output: '-', quiet: true},
      positionals: ['file']
    })
    expect(parseCommandLine(['--pages=3-', '--', '--quiet'], options)).toEqual({values: {pages: '3-'}, positionals: ['--quiet']})
  })
})
