import {blockStats} from '../../select/stats.js'
import {text} from '../args.js'
import {
  type Command,
  EXIT,
  compactHelp,
  compactOptions,
  inputHelp,
  inputOptions,
  inputSettings,
  outputHelp,
  outputOptions
} from '../command.js'
import {InputError, UsageError} from '../errors.js'
import {parseNamedInput} from '../input.js'
import {nextTurn, outputTarget, readInput} from '../io.js'
import {escapeControl} from '../terminal.js'

const percent = (share: number | null) => (share === null ? 'n/a' : `${(share * 100).toFixed(1)}%`)

export const statsCommand: Command = {
  name: 'stats',
  summary: 'block counts by type and text source, confidence histogram, share of inferred text',
  help: `Usage: docmodel stats [file|-] [--json]

Prints the numbers a pipeline logs before deciding what to keep.

Options:
      --json                   print the statistics as JSON
${compactHelp}
${outputHelp}
${inputHelp}

Examples:
  docmodel stats result.json
  docmodel stats --json --compact result.json >> stats.jsonl`,
  options: {json: {type: 'boolean'}, ...compactOptions, ...outputOptions, ...inputOptions},
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError(`stats takes one file, got ${positionals.length}`)
    const {mode, kind, maxBytes} = inputSettings(values)
    const input = await readInput(positionals[0], io, maxBytes)
    const write = await outputTarget(text(values, 'output'), [input], io)
    const parsed = await parseNamedInput(input, mode, kind)
    await nextTurn() // read whole, in one go: a signal is acted on before the counting
    if (!parsed.document)
      throw new InputError('no_document', `the job has no document (status "${parsed.kind === 'job' ? parsed.job.status : ''}")`)
    const stats = blockStats(parsed.document)
    if (values.json) {
      await write(JSON.stringify(stats, null, values.compact ? undefined : 2) + '\n')
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
    await write(escapeControl(out))
    return EXIT.ok
  }
}
