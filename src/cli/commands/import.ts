import {fromAzureLayout, fromDocling, fromTextract} from '../../import/index.js'
import type {ImportOptions, ImportResult} from '../../import/index.js'
import {oneOf, text} from '../args.js'
import {type Command, EXIT, compactHelp, compactOptions, outputHelp, outputOptions} from '../command.js'
import {UsageError} from '../errors.js'
import {ValidationError} from '../../errors.js'
import {readValue} from '../input.js'
import {DEFAULT_MAX_INPUT_BYTES, byteSize, jsonText, outputTarget, readInput, say} from '../io.js'

type Source = 'docling' | 'textract' | 'azure'
const importers: Record<Source, (json: unknown, options: ImportOptions) => ImportResult> = {
  docling: fromDocling,
  textract: fromTextract,
  azure: fromAzureLayout
}
/** What the input was read as, after its name in an error: `Invalid paper.json as a DoclingDocument (1 issue)`. */
const formats: Record<Source, string> = {
  docling: 'a DoclingDocument',
  textract: 'a Textract response',
  azure: 'an Azure analyzeResult'
}

export const importCommand: Command = {
  name: 'import',
  summary: 'turn docling, Textract or Azure Document Intelligence JSON into a document',
  help: `Usage: docmodel import --from docling|textract|azure [file|-] [-o doc.json]

Turns another extractor's JSON into a document of this model (valid, ready for render, diff,
preview and chunk): a DoclingDocument (v2), a Textract AnalyzeDocument response with LAYOUT
(and TABLES) blocks, or an Azure Document Intelligence prebuilt-layout analyzeResult.
Everything the source holds that the model cannot carry is listed on stderr, one warning per
line with its JSON pointer in the source; none is dropped silently.

Options:
      --from <source>          docling | textract | azure (required)
      --file-hash <hash>       sha256:<64 hex> of the original file (default: that of the input JSON, warned)
      --filename <name>        name of the original file
  -q, --quiet                  no warnings on stderr
      --strict                 exit 3 when there is any warning
${outputHelp}
${compactHelp}
      --max-input-bytes <n>    refuse larger input (default: 512M; suffixes K, M, G)

Exit codes: 0 imported · 2 usage · 3 input not of the source's format (or a warning with --strict)

Examples:
  docmodel import --from docling paper.json -o paper.doc.json
  docmodel diff <(docmodel import --from docling paper.json) ours.json`,
  options: {
    from: {type: 'string'},
    'file-hash': {type: 'string'},
    filename: {type: 'string'},
    quiet: {type: 'boolean', short: 'q'},
    strict: {type: 'boolean'},
    'max-input-bytes': {type: 'string'},
    ...outputOptions,
    ...compactOptions
  },
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError(`import takes one file, got ${positionals.length}`)
    const from = oneOf('--from', text(values, 'from'), ['docling', 'textract', 'azure'] as const)
    if (!from) throw new UsageError('--from is required: docling, textract or azure')
    const maxBytes = byteSize('max-input-bytes', text(values, 'max-input-bytes')) ?? DEFAULT_MAX_INPUT_BYTES
    const input = await readInput(positionals[0], io, maxBytes)
    const write = await outputTarget(text(values, 'output'), [input], io)
    const fileHash = text(values, 'file-hash')
    const filename = text(values, 'filename')
    // An input that is not JSON, or not of the source's format, is named (file or stdin), as every command names it.
    let json: unknown
    try {
      json = readValue(input)
    } catch (error) {
      throw error instanceof ValidationError ? new ValidationError(error.issues, input.name) : error
    }
    let imported: ImportResult
    try {
      imported = importers[from](json, {
        ...(fileHash !== undefined ? {fileHash} : {}),
        ...(filename !== undefined ? {filename} : {})
      })
    } catch (error) {
      // `invalid_source` is the input's fault; any other ValidationError is the importer's own (kept as it says).
      const theInput = error instanceof ValidationError && error.issues.every((issue) => issue.code === 'invalid_source')
      throw theInput ? new ValidationError(error.issues, `${input.name} as ${formats[from]}`) : error
    }
    const {document, warnings} = imported
    if (values.quiet !== true)
      for (const warning of warnings) say(io.stderr, `warning: ${warning.pointer || '/'}: ${warning.message} [${warning.code}]\n`)
    await write(jsonText(document, values.compact === true))
    return values.strict === true && warnings.length > 0 ? EXIT.invalid : EXIT.ok
  }
}
