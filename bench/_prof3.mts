import {parseDocument} from '../src/index.js'
import {block, documentOf} from './hostile-documents.js'
const t = (f: () => unknown) => { f(); let m = Infinity; for (let i = 0; i < 5; i++) { const t0 = performance.now(); f(); m = Math.min(m, performance.now() - t0) } return m.toFixed(2) }
for (const n of [500, 5000, 50000]) {
  const one = JSON.stringify(documentOf(Array.from({length: n}, (_, i) => block(i))))
  const spread = JSON.stringify(documentOf(Array.from({length: n}, (_, i) => block(i)), {}, Math.ceil(n / 50)))
  console.log(n, 'JSON.parse', t(() => JSON.parse(one)), 'one page', t(() => parseDocument(one)), 'spread', t(() => parseDocument(spread)))
}
