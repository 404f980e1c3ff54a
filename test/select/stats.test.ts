import {describe, expect, it} from 'vitest'
import {type Block, blockStats, parseDocument} from '../../src/index.js'
import {EXAMPLE, readJsonFile} from '../helpers/paths.js'

describe('blockStats on odd type names', () => {
  it('counts types named like Object.prototype members as plain keys', () => {
    const doc = parseDocument(readJsonFile(EXAMPLE))
    const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'constructor']
    const blocks = names.map((type, i) => ({...doc.pages[0]!.blocks[0]!, id: `odd_${i}`, type}) as Block)
    const stats = blockStats({...doc, pages: [{page: 1, blocks}]})
    expect(JSON.stringify(stats.byType)).toBe('{"__proto__":1,"constructor":2,"hasOwnProperty":1,"toString":1}')
    expect(Object.getPrototypeOf(stats.byType)).toBe(null)
    expect(stats.blocks).toBe(5)
  })
})
