import {render} from '../../render/render.js'
import type {RenderOptions} from '../../render/types.js'
import type {PresetName} from '../../select/filter.js'
import type {TextSource} from '../../model/index.js'
import {type Command, EXIT} from '../command.js'
import {EXAMPLE_URL, InputError, list, oneOf, parseInput, readInput, unitNumber, UsageError, writeOutput} from '../io.js'

export const renderCommand: Command = {
  name: 'render',
  summary: 'render a document or job as markdown (the bundled example when no file is given)',
  help: `Usage: docmodel render [file|-] [options]

Renders a document (or a job response) as markdown on stdout. With no file, renders the
bundled example document.

Options:
  -o, --output <file>        write the markdown to a file
      --source-map <file>    also write the source map (JSON): each block's part of the markdown
      --furniture            include page headers and footers
      --page-breaks <kind>   none | rule | comment            (default: none)
      --images <policy>      placeholder | embed | omit        (default: placeholder)
      --no-embedded-text     leave out text found inside images
      --min-confidence <n>   keep blocks with confidence ≥ n (0–1)
      --text-source <list>   keep these sources: verified,inferred,derived
      --preset <name>        trusted | textOnly | verifiedOnly
      --strict               parse strictly (unknown keys and warnings fail)
  -q, --quiet                do not print render warnings to stderr`,
  options: {
    output: {type: 'string', short: 'o'},
    'source-map': {type: 'string'},
    furniture: {type: 'boolean'},
    'page-breaks': {type: 'string'},
    images: {type: 'string'},
    'no-embedded-text': {type: 'boolean'},
    'min-confidence': {type: 'string'},
    'text-source': {type: 'string'},
    preset: {type: 'string'},
    strict: {type: 'boolean'},
    quiet: {type: 'boolean', short: 'q'}
  },
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError('render takes at most one file')
    const options: RenderOptions = {
      furniture: values.furniture === true,
      pageBreaks: oneOf('page-breaks', values['page-breaks'] as string | undefined, ['none', 'rule', 'comment'] as const),
      images: oneOf('images', values.images as string | undefined, ['placeholder', 'embed', 'omit'] as const),
      embeddedText: values['no-embedded-text'] !== true,
      minConfidence: unitNumber('min-confidence', values['min-confidence'] as string | undefined),
      textSource: list(values['text-source'] as string | undefined) as TextSource[] | undefined,
      preset: values.preset as PresetName | undefined
    }
    const {bytes} = await readInput(positionals[0], io, EXAMPLE_URL)
    const parsed = parseInput(bytes, values.strict ? 'strict' : 'lenient')
    if (!parsed.document)
      throw new InputError(`the job has no document to render (status "${parsed.kind === 'job' ? parsed.job.status : ''}")`)
    const sourceMapFile = values['source-map'] as string | undefined
    const {markdown, warnings, sourceMap} = render(parsed.document, {...options, sourceMap: sourceMapFile !== undefined})
    if (!values.quiet) for (const w of warnings) io.stderr.write(`warning: block ${w.blockId}: ${w.message}\n`)
    await writeOutput(markdown, values.output as string | undefined, io)
    if (sourceMapFile !== undefined) await writeOutput(JSON.stringify(sourceMap) + '\n', sourceMapFile, io)
    return EXIT.ok
  }
}
