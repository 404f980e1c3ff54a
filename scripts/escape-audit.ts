// Counts the backslash escapes in the markdown of real documents and how many of them no reader
// needs: each one is removed alone and its block re-read by micromark (remark + GFM + math),
// commonmark.js and markdown-it; an escape whose removal changes none of the three readings is
// unneeded. Also counted by escape unit: the backslashes of one delimiter run (`\*\*`, `\~\~`)
// and a backslash's escape before another escape go together (see test/render/escape.test.ts).
//
//   npx tsx scripts/escape-audit.ts [file.json…]   (default: test/fixtures/corpus/*.json)
import {readFileSync, readdirSync} from 'node:fs'
import {basename, join} from 'node:path'
import {parseDocument, renderMarkdown} from '../src/index.js'
import {escapesOf} from '../test/helpers/escape-units.js'
import {readCommonmarkHtml, readMarkdownIt, readMicromarkTree} from '../test/helpers/readers.js'

export interface Audit {
  escapes: number
  unneeded: number
  units: number
  unneededUnits: number
  /** Unneeded escapes with some context, for reading. */
  samples: string[]
}

/** Top-level blocks of docmodel's markdown: separated by blank lines, fenced code kept whole. */
export function blocksOf(markdown: string): string[] {
  const blocks: string[] = []
  let current: string[] = []
  let fence: string | undefined
  for (const line of markdown.split('\n')) {
    const marker = /^(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence === undefined && marker) fence = marker
    else if (fence !== undefined && line.startsWith(fence) && line.trim() === fence) fence = undefined
    if (line === '' && fence === undefined) {
      if (current.length > 0) blocks.push(current.join('\n')), (current = [])
    } else current.push(line)
  }
  if (current.length > 0) blocks.push(current.join('\n'))
  return blocks
}

const readings = (markdown: string) => readMicromarkTree(markdown) + '\0' + readCommonmarkHtml(markdown) + '\0' + readMarkdownIt(markdown)
const without = (markdown: string, positions: number[]) => {
  let out = markdown
  for (const at of [...positions].reverse()) out = out.slice(0, at) + out.slice(at + 1)
  return out
}

/** The audit of `markdown`'s blocks (those `only` keeps, when given). */
export function auditMarkdown(markdown: string, only: (block: string) => boolean = () => true): Audit {
  const audit: Audit = {escapes: 0, unneeded: 0, units: 0, unneededUnits: 0, samples: []}
  for (const block of blocksOf(markdown)) {
    if (!only(block)) continue
    const units = escapesOf(block)
    if (units.length === 0) continue
    const reading = readings(block)
    for (const unit of units) {
      audit.units++
      audit.escapes += unit.length
      for (const at of unit)
        if (readings(without(block, [at])) === reading) {
          audit.unneeded++
          if (audit.samples.length < 40) audit.samples.push(JSON.stringify(block.slice(Math.max(0, at - 30), at + 30)))
        }
      if (readings(without(block, unit)) === reading) audit.unneededUnits++
    }
  }
  return audit
}

const percent = (part: number, whole: number) => (whole === 0 ? '0.0' : ((100 * part) / whole).toFixed(1))

if (import.meta.url === `file://${process.argv[1]}`) {
  const corpus = 'test/fixtures/corpus'
  const files = process.argv.length > 2 ? process.argv.slice(2) : readdirSync(corpus).filter((name) => name.endsWith('.json')).map((name) => join(corpus, name))
  const total: Audit = {escapes: 0, unneeded: 0, units: 0, unneededUnits: 0, samples: []}
  console.log('| document | escapes | unneeded | units | unneeded units |\n|---|---:|---:|---:|---:|')
  for (const file of files) {
    const markdown = renderMarkdown(parseDocument(readFileSync(file, 'utf8')))
    const audit = auditMarkdown(markdown)
    for (const key of ['escapes', 'unneeded', 'units', 'unneededUnits'] as const) total[key] += audit[key]
    total.samples.push(...audit.samples.slice(0, 5).map((sample) => `${basename(file)}: ${sample}`))
    console.log(`| ${basename(file)} | ${audit.escapes} | ${audit.unneeded} | ${audit.units} | ${audit.unneededUnits} |`)
  }
  console.log(`| **all ${files.length}** | ${total.escapes} | ${total.unneeded} (${percent(total.unneeded, total.escapes)}%) | ${total.units} | ${total.unneededUnits} (${percent(total.unneededUnits, total.units)}%) |`)
  if (total.samples.length > 0) console.log('\nUnneeded escapes (samples):\n' + total.samples.slice(0, 30).join('\n'))
}
