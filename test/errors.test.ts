import {describe, expect, it} from 'vitest'
import * as docmodel from '../src/index.js'
import {DocmodelError, OptionsError, parseDocument, sortByReadingOrder, toJSONSchema} from '../src/index.js'
import {EXAMPLE, readJsonFile} from './helpers/paths.js'

// One way to fail: every error class docmodel exports is a DocmodelError with a literal name
// (the class's own) and a snake_case code, and every bad option is an OptionsError.

const errorClasses = Object.entries(docmodel).filter(
  (entry): entry is [string, typeof DocmodelError] => typeof entry[1] === 'function' && entry[1].prototype instanceof Error
)

describe('errors', () => {
  it('exports only DocmodelError and its subclasses as error classes', () => {
    expect(errorClasses.length).toBeGreaterThan(5)
    for (const [name, ErrorClass] of errorClasses) expect(ErrorClass === DocmodelError || ErrorClass.prototype instanceof DocmodelError, name).toBe(true)
  })

  it('gives each error its class name and a snake_case code', () => {
    const samples: DocmodelError[] = [
      new docmodel.DocmodelError('x'),
      new docmodel.ValidationError([]),
      new docmodel.OptionsError('x'),
      new docmodel.TimeoutError('x'),
      new docmodel.NetworkError('x'),
      new docmodel.ApiError(404, 'JOB_NOT_FOUND', 'no such job', 'GET', 'http://127.0.0.1/v1/jobs/x')
    ]
    expect(samples.map((error) => error.constructor.name)).toEqual(samples.map((error) => error.name))
    for (const error of samples) expect(error.code).toMatch(/^[a-z]+(?:_[a-z]+)*$|^[A-Z]+(?:_[A-Z]+)*$/)
    expect(samples.map((error) => error.code)).toEqual([
      'docmodel_error',
      'validation_failed',
      'invalid_options',
      'timeout',
      'network_error',
      'JOB_NOT_FOUND'
    ])
  })

  it('throws OptionsError for every option that makes no sense', () => {
    const doc = readJsonFile(EXAMPLE)
    const bad = [
      () => parseDocument(doc, {mode: 'loose' as never}),
      () => sortByReadingOrder(parseDocument(doc), {by: 'size' as never}),
      () => toJSONSchema('page' as never)
    ]
    for (const call of bad) expect(call).toThrow(OptionsError)
  })
})
