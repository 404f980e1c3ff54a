import {readFileSync} from 'node:fs'
import {type Block, type Document, parseDocument} from '../../src/index.js'
import {PNG_1x1} from './blocks.js'
import {EXAMPLE, repoPath} from './paths.js'

export const example = (): Document => parseDocument(readFileSync(repoPath(EXAMPLE)))

/** Text that would run script, open a dialog or break out of markup if it were not escaped. */
export const PAYLOADS = [
  '<script>window.__pwned = 1; alert(1)</script>',
  '"><img src=x onerror="window.__pwned = 2; alert(2)">',
  "' onmouseover='window.__pwned = 3' x='",
  '</script><script>window.__pwned = 4</script>',
  '<!--<script>window.__pwned = 5</script>',
  ']]><svg onload="window.__pwned = 6"/>',
  '</title><foreignObject><iframe src="javascript:alert(7)"></iframe></foreignObject>',
  '&lt;b&gt; &amp; \u0000\u0007 \uD800 end'
] as const

/** One page whose every string field carries a payload (text, id, type, role, file name, model, failure message). */
export function hostileDocument(): Document {
  const blocks: Block[] = PAYLOADS.map(
    (text, i) =>
      ({
        id: `id-${i}-${text}`,
        type: i === 5 ? `x${text}` : 'paragraph',
        role: text,
        page: 1,
        bbox: [0.05, 0.05 + i * 0.1, 0.95, 0.12 + i * 0.1],
        bbox_units: 'normalized',
        reading_order_index: i,
        text,
        text_source: i % 2 === 0 ? 'verified' : 'inferred',
        confidence: i % 3 === 0 ? 0.5 : 1,
        verified: i % 2 === 0
      }) as Block
  )
  blocks.push({
    id: 'svg-image',
    type: 'image',
    page: 1,
    bbox: [0.05, 0.85, 0.3, 0.95],
    bbox_units: 'normalized',
    reading_order_index: 20,
    // An SVG with script: never drawn.
    image_b64: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=9"><script>alert(9)</script></svg>').toString('base64'),
    alt: PAYLOADS[1],
    text_source: 'derived',
    confidence: 1,
    verified: false
  } as Block)
  blocks.push({
    id: 'png-image',
    type: 'image',
    page: 1,
    bbox: [0.5, 0.85, 0.9, 0.95],
    bbox_units: 'normalized',
    reading_order_index: 21,
    image_b64: PNG_1x1,
    alt: 'a pixel',
    text_source: 'derived',
    confidence: 1,
    verified: false
  } as Block)
  return {
    source: {kind: 'pdf', filename: PAYLOADS[0], file_hash: `sha256:${'a'.repeat(64)}`, page_count: 2, page_sizes: [[8.5, 11], [8.5, 11]]},
    extraction: {
      model: PAYLOADS[1],
      profile: PAYLOADS[2],
      duration_ms: 5,
      faithfulness_score: 0.5,
      per_page_failures: [{page: 2, code: PAYLOADS[3], message: PAYLOADS[0]}]
    },
    pages: [{page: 1, blocks}]
  }
}
