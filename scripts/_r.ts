import {parseDocument} from '../src/index.js'
import {render} from '../src/render/render.js'
import fs from 'node:fs'
const d = parseDocument(fs.readFileSync(process.argv[2] ?? 'examples/quarterly-report.json'))
const r = render(d, {furniture: process.argv[3] === 'f', pageBreaks: 'comment'})
process.stdout.write(r.markdown)
console.error(r.warnings)
