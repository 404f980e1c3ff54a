import {blockStats} from '../../select/stats.js'
import {type Command, EXIT} from '../command.js'
import {InputError, parseInput, readInput, UsageError} from '../io.js'

const percent = (share: number | null) => (share === null ? 'n/a' : `${(share * 100).toFixed(1)}%`)

export const statsCommand: Command = {
  name: 'stats',
  summary: 'block counts by type and text source, confidence histogram, share of inferred text',
  help: `Usage: docmodel stats [file|-] [--json]

Prints the numbers a pipeline logs before deciding what to keep.

Options:
      --json   print the statistics as JSON`,
  options: {json: {type: 'boolean'}},
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError('stats takes at most one file')
    const {bytes} = await readInput(positionals[0], io)
    const parsed = parseInput(bytes, 'lenient')
    if (!parsed.document) throw new InputError('the job has no document')
    const stats = blockStats(parsed.document)
    if (values.json) {
      io.stdout.write(JSON.stringify(stats, null, 2) + '\n')
      return EXIT.ok
    }
    const row = (label: string, value: string | number) => `${label.padEnd(22)}${String(value).padStart(8)}\n`
    let out = row('pages', stats.pages) + row('blocks', stats.blocks) + 'by type\n'
    for (const [type, count] of Object.entries(stats.byType)) out += row(`  ${type}`, count)
    out += 'by text source\n'
    for (const [source, count] of Object.entries(stats.byTextSource)) out += row(`  ${source}`, count)
    out += 'confidence\n'
    stats.confidenceHistogram.forEach(
      (count, i) => (out += row(`  [${(i / 10).toFixed(1)}, ${((i + 1) / 10).toFixed(1)}${i === 9 ? ']' : ')'}`, count))
    )
    out += row('  min', stats.minConfidence === null ? 'n/a' : stats.minConfidence.toFixed(3))
    out += row('  mean', stats.meanConfidence === null ? 'n/a' : stats.meanConfidence.toFixed(3))
    out +=
      'inferred text\n' +
      row('  of text blocks', percent(stats.inferredShare.blocks)) +
      row('  of characters', percent(stats.inferredShare.characters))
    io.stdout.write(out)
    return EXIT.ok
  }
}
