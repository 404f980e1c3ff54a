import {readJson} from '../src/parse/json-text.js'
import {safeParseDocument} from '../src/index.js'
import {documentOf, everyTextField} from './hostile-documents.js'
for (const n of [10, 100]) {
  const text = JSON.stringify(documentOf(everyTextField(' '.repeat(20_000 * n) + 'x\n')))
  const t = (f: () => unknown) => { let m = Infinity; for (let i = 0; i < 3; i++) { const t0 = performance.now(); f(); m = Math.min(m, performance.now() - t0) } return m.toFixed(1) }
  console.log(n, text.length, t(() => JSON.parse(text)), t(() => readJson(text)), t(() => safeParseDocument(text)), t(() => text.includes('\\u')))
}
