import {render} from '../../render/render.js'
import {type Command, EXIT, inputHelp, inputOptions, inputSettings, outputHelp, outputOptions} from '../command.js'
import {InputError, UsageError} from '../errors.js'
import {parseInput} from '../input.js'
import {EXAMPLE_URL, outputTarget, readInput, say} from '../io.js'
import {
  nothingKept,
  renderHelp,
  renderOptions,
  renderOptionsOf,
  select,
  selectionHelp,
  selectionOf,
  selectionOptions
} from '../selection.js'

export const renderCommand: Command = {
  name: 'render',
  summary: 'render a document or job as markdown',
  help: `Usage: docmodel render [file|-] [options]

Renders a document (or a job response) as markdown. Reads the file, or stdin when it is piped
(or given as -). Run on a terminal with no file, it renders the bundled example document.

Options:
${outputHelp}
      --source-map <file>      also write the source map (JSON): each block's part of the markdown
${renderHelp}
${selectionHelp}
${inputHelp}
  -q, --quiet                  do not print render warnings to stderr

Examples:
  docmodel render result.json -o result.md
  docmodel render --preset trusted --images omit - < job.json
  curl -s "$URL" | docmodel render --page-breaks comment | less`,
  options: {
    ...outputOptions,
    'source-map': {type: 'string'},
    ...renderOptions,
    ...selectionOptions,
    ...inputOptions,
    quiet: {type: 'boolean', short: 'q'}
  },
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError(`render takes one file, got ${positionals.length}; for many, use docmodel batch`)
    const options = renderOptionsOf(values)
    const criteria = selectionOf(values)
    const {mode, kind, maxBytes} = inputSettings(values)
    const input = await readInput(positionals[0], io, maxBytes, EXAMPLE_URL)
    const write = await outputTarget(values.output as string | undefined, [input], io)
    const sourceMapFile = values['source-map'] as string | undefined
    const writeSourceMap = sourceMapFile === undefined ? undefined : await outputTarget(sourceMapFile, [input], io)
    const parsed = parseInput(input, mode, kind)
    if (!parsed.document)
      throw new InputError('no_document', `the job has no document to render (status "${parsed.kind === 'job' ? parsed.job.status : ''}")`)
    const {document, before, after} = select(parsed.document, criteria)
    const {markdown, warnings, sourceMap} = render(document, {...options, sourceMap: writeSourceMap !== undefined})
    if (!values.quiet) {
      if (criteria && before > 0 && after === 0) say(io.stderr, `${nothingKept(before)}\n`)
      for (const w of warnings) say(io.stderr, `warning: block ${w.blockId}: ${w.message}\n`)
    }
    await write(markdown)
    if (writeSourceMap) await writeSourceMap(JSON.stringify(sourceMap) + '\n')
    return EXIT.ok
  }
}
