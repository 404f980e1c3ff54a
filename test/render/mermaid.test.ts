import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {checkMermaid, mermaidLabelArb} from '../helpers/render-checks.js'

describe('mermaid: its own parser reads every generated flowchart with the labels intact', () => {
  it('applies no directive and runs no statement from a label', async () => {
    for (const label of [
      '%%{init: {"theme": "dark", "securityLevel": "loose"}}%%',
      '"]\nclick n0 call alert(1)\nn9["',
      'x"] --> n0\n  click n0 href "javascript:alert(1)" %%',
      '%% a comment',
      '<img src=x onerror=alert(1)>',
      '#quot; #35; &amp; `md` | ; { } ( ) [ ]'
    ])
      expect(await checkMermaid([{id: 'a', label}, {id: 'b'}], [{from: 'a', to: 'b', label}]), label).toEqual([])
  })

  test.prop(
    [
      fc.array(fc.record({id: mermaidLabelArb, label: fc.option(mermaidLabelArb, {nil: undefined})}), {maxLength: 4}),
      fc.array(fc.record({from: mermaidLabelArb, to: mermaidLabelArb, label: fc.option(mermaidLabelArb, {nil: undefined})}), {maxLength: 4})
    ],
    {numRuns: 60}
  )('labels and ids of any text', async (nodes, edges) => {
    expect(await checkMermaid(nodes, edges)).toEqual([])
  })
})
