import {describe, expect, it} from 'vitest'
import {describeErrorBody, textSnippet} from '../../src/client/error-body.js'
import {createRedactor, redactValue} from '../../src/client/redact.js'

describe('describeErrorBody', () => {
  it('reads {error: {code, message}}, {code, message}, and falls back to the text', () => {
    expect(describeErrorBody('{"error": {"code": "JOB_NOT_FOUND", "message": "No such job."}}')).toEqual({
      code: 'JOB_NOT_FOUND',
      message: 'No such job.'
    })
    expect(describeErrorBody('{"code": "BAD_ID", "message": "Malformed id."}')).toEqual({code: 'BAD_ID', message: 'Malformed id.'})
    expect(describeErrorBody('null')).toEqual({code: undefined, message: 'null'})
    expect(describeErrorBody('')).toEqual({code: undefined, message: undefined})
    expect(describeErrorBody('<html><body><h1>Bad  gateway</h1>\n<p>nginx</p></body></html>')).toEqual({
      code: undefined,
      message: 'Bad gateway nginx'
    })
  })

  it('does not parse a body over 64 KiB as JSON', () => {
    const body = JSON.stringify({code: 'BIG', message: 'm', padding: ' '.repeat(64 * 1024)})
    expect(describeErrorBody(body)).toEqual({code: undefined, message: '{"code":"BIG","message":"m","padding":"'})
  })

  it('cuts long codes and messages', () => {
    const {code, message} = describeErrorBody(JSON.stringify({code: 'C'.repeat(500), message: 'm'.repeat(5000)}))
    expect(code).toBe('C'.repeat(100) + '…')
    expect(message).toBe('m'.repeat(1000) + '…')
  })
})

describe('textSnippet', () => {
  it('drops tags like /<[^>]*>/g, keeps an unclosed < as text', () => {
    expect(textSnippet('a<b>c</b>d')).toBe('a c d')
    expect(textSnippet('a < b and <i>c</i>')).toBe('a c') // as the regex: the first < runs to the first >
    expect(textSnippet('x <<<< y')).toBe('x <<<< y')
    expect(textSnippet('<<a>b')).toBe('b')
  })

  it('agrees with the regex it replaces on any text', () => {
    const pieces = ['<', '>', 'a', ' ', '\n', '<b>', '</p>']
    for (let seed = 0; seed < 2000; seed++) {
      let text = ''
      for (let i = 0, s = seed; i < 12; i++, s = Math.floor(s / 7) + i * 31) text += pieces[s % pieces.length]
      const expected = text
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 200)
      expect(textSnippet(text)).toBe(expected)
    }
  })

  it('looks at the first 64 KiB only, and keeps 200 characters', () => {
    expect(textSnippet('x'.repeat(300))).toBe('x'.repeat(200) + '…')
    expect(textSnippet(' '.repeat(64 * 1024) + 'late')).toBe('')
  })
})

describe('createRedactor', () => {
  const redact = createRedactor('sk/"key"')
  it('replaces the key as sent, JSON-escaped and percent-encoded', () => {
    expect(redact('a sk/"key" b')).toBe('a [REDACTED] b')
    expect(redact('{"m": "sk/\\"key\\""}')).toBe('{"m": "[REDACTED]"}')
    expect(redact('/v1/jobs/sk%2F%22key%22')).toBe('/v1/jobs/[REDACTED]')
    expect(redact('nothing here')).toBe('nothing here')
  })

  it('redacts every string and key of a parsed value', () => {
    const value = JSON.parse('{"\\u0073k/\\"key\\"": ["sk/\\"key\\"", 1, null, {"m": "x sk/\\"key\\""}]}')
    expect(redactValue(value, redact)).toEqual({'[REDACTED]': ['[REDACTED]', 1, null, {m: 'x [REDACTED]'}]})
  })
})
