import {describe, expect, it} from 'vitest'
import {checkDocument, checkJob, parseDocument, parseJob, toMdast} from '../src/index.js'
import {EXAMPLE, readJsonFile} from './helpers/paths.js'

const example = () => structuredClone(readJsonFile(EXAMPLE)) as any
const warningsOf = (doc: unknown) => checkDocument(parseDocument(doc)).map((w) => `${w.code} ${w.pointer}: ${w.message}`)

describe('checkDocument', () => {
  it('finds nothing wrong with the bundled example', () => {
    expect(checkDocument(parseDocument(example()))).toEqual([])
  })

  it('reports each warning of the contract with its path', () => {
    const doc = example()
    doc.source.page_count = 2
    doc.extraction.per_page_failures = [3, {page: 4, code: 'TIMEOUT'}]
    doc.pages[2].page = 2
    for (const block of doc.pages[2].blocks) block.page = 2
    const [p1, p2] = [doc.pages[0].blocks, doc.pages[1].blocks]
    p1[1].page = 2
    p1[2].id = p1[1].id
    p1[3].reading_order_index = 2
    p1[4].bbox_units = 'px'
    p1[5].verified = false
    p1[6].text_source = 'derived'
    p1[6].verified = false
    p1[7].rows[1].push('extra')
    p2[2].series[0].values.pop()
    doc.pages[2].blocks[2].edges.push({from: 'parse', to: 'nowhere'})
    expect(warningsOf(doc)).toEqual([
      'page_count_mismatch /source/page_count: expected 3 (the number of page_sizes), got 2',
      'page_out_of_range /extraction/per_page_failures/0: expected a page ≤ page_count (2), got 3',
      'page_out_of_range /extraction/per_page_failures/1/page: expected a page ≤ page_count (2), got 4',
      'block_page_mismatch /pages/0/blocks/1/page: expected 1 (the enclosing page), got 2',
      'duplicate_block_id /pages/0/blocks/2/id: expected a unique id, got "blk_101" again (first at pages[0].blocks[1])',
      'duplicate_reading_order_index /pages/0/blocks/3/reading_order_index: expected a unique index on page 1, got 2 again',
      'unknown_bbox_units /pages/0/blocks/4/bbox_units: expected "normalized", got "px" (range rule skipped)',
      'verified_mismatch /pages/0/blocks/5/verified: expected true (text_source is "verified"), got false',
      'derived_text_block /pages/0/blocks/6/text_source: expected "verified" or "inferred" for a callout block, got "derived"',
      'table_ragged_row /pages/0/blocks/7/rows/0: expected 5 cells (the widest row), got 4',
      'table_ragged_row /pages/0/blocks/7/rows/2: expected 5 cells (the widest row), got 4',
      'table_ragged_row /pages/0/blocks/7/rows/3: expected 5 cells (the widest row), got 4',
      'table_ragged_row /pages/0/blocks/7/headers: expected 5 cells (the widest row), got 4',
      'chart_series_length /pages/1/blocks/2/series/0/values: expected 3 values (one per category), got 2',
      'duplicate_page /pages/2/page: expected a unique page number, got 2 again',
      'diagram_edge_missing_node /pages/2/blocks/2/edges/3/to: expected the id of a node, got "nowhere"'
    ])
  })

  it('names the first block with a repeated id, the very first one and a later page\'s', () => {
    const doc = example()
    doc.pages[1].blocks[0].id = doc.pages[0].blocks[0].id
    doc.pages[2].blocks[1].id = doc.pages[1].blocks[3].id
    expect(warningsOf(doc)).toEqual([
      `duplicate_block_id /pages/1/blocks/0/id: expected a unique id, got "${doc.pages[0].blocks[0].id}" again (first at pages[0].blocks[0])`,
      `duplicate_block_id /pages/2/blocks/1/id: expected a unique id, got "${doc.pages[1].blocks[3].id}" again (first at pages[1].blocks[3])`
    ])
  })

  it('flags pages out of order and beyond page_count', () => {
    const doc = example()
    doc.pages.reverse()
    doc.pages[0].page = 7
    for (const block of doc.pages[0].blocks) block.page = 7
    expect(warningsOf(doc)).toEqual([
      'page_out_of_range /pages/0/page: expected a page ≤ page_count (3), got 7',
      'pages_not_ascending /pages/1/page: expected a page after 7, got 2',
      'pages_not_ascending /pages/2/page: expected a page after 7, got 1'
    ])
  })

  it('handles a table of 140,000 rows (no argument spreading that overflows the stack)', () => {
    // Past any spread's reach: a call of 140,000 arguments needs ~1.1 MB of stack, more than V8's
    // default (~984 KB; a spread overflows from ~126,000 on Node 20 with an empty stack).
    const doc = example()
    doc.pages[0].blocks[7].rows = Array.from({length: 140_000}, (_, i) => [String(i)])
    const parsed = parseDocument(doc)
    expect(checkDocument(parsed).filter((w) => w.code === 'table_ragged_row')).toHaveLength(140_000)
    expect(toMdast(parsed).children.find((node) => node.type === 'table')).toMatchObject({align: [null, null, null, null]})
  })

  it('marks every issue as a warning and never mutates the document', () => {
    const doc = parseDocument(example())
    doc.pages[0]!.blocks[1]!.page = 3
    const before = JSON.stringify(doc)
    const warnings = checkDocument(Object.freeze(doc))
    expect(warnings.map((w) => w.severity)).toEqual(['warning'])
    expect(JSON.stringify(doc)).toBe(before)
  })
})

describe('checkJob', () => {
  it('flags timestamps out of order and prefixes document warnings with /document', () => {
    const job = structuredClone(readJsonFile('test/fixtures/conformance/valid/job-completed-reference-example.json')) as any
    job.completed_at = '2026-05-14T12:00:00.500Z'
    job.document.pages[0].blocks[0].verified = false
    expect(checkJob(parseJob(job)).map((w) => `${w.code} ${w.pointer}: ${w.message}`)).toEqual([
      'timestamps_out_of_order /completed_at: expected a time not before started_at, got 2026-05-14T12:00:00.500Z',
      'verified_mismatch /document/pages/0/blocks/0/verified: expected true (text_source is "verified"), got false'
    ])
  })
})
