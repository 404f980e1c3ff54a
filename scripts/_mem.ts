import {parseDocument, toMdast, stringifyMarkdown} from '../src/index.js'
import {generateDocument} from '../bench/generate.js'
const gc = (globalThis as any).gc
const json = generateDocument(1000)
const mb = () => { gc(); const m = process.memoryUsage(); return ((m.heapUsed + m.external) / 1e6).toFixed(0) }
console.log('input text', (json.length / 1e6).toFixed(1), 'MB; heap with text', mb())
const raw = JSON.parse(json); console.log('+ JSON.parse object', mb())
const doc = parseDocument(raw); console.log('+ zod copy', mb())
const tree = toMdast(doc); console.log('+ mdast', mb())
const md = stringifyMarkdown(tree); console.log('+ markdown', mb(), (md.length / 1e6).toFixed(1))
console.log(process.resourceUsage().maxRSS / 1e3, 'MB max RSS')
