// Kept tiny: `docmodel --version` and `--help` load this module and nothing else of the CLI.
import {VERSION} from '../version.js'
import type {CommandEntry} from './command.js'

/**
 * The commands. Adding one is one row here plus its file in `commands/`, which exports a
 * `Command`; the module is imported only when the command runs.
 */
export const commands: readonly CommandEntry[] = [
  {name: 'render', summary: 'render a document or job as markdown', load: async () => (await import('./commands/render.js')).renderCommand},
  {
    name: 'validate',
    summary: 'check documents or jobs against the contract; list every issue with its path',
    load: async () => (await import('./commands/validate.js')).validateCommand
  },
  {
    name: 'filter',
    summary: 'keep the blocks that match; print the document as JSON',
    load: async () => (await import('./commands/filter.js')).filterCommand
  },
  {
    name: 'stats',
    summary: 'block counts by type and text source, confidence histogram, share of inferred text',
    load: async () => (await import('./commands/stats.js')).statsCommand
  },
  {
    name: 'schema',
    summary: 'print the JSON Schema (draft 2020-12) of a document, job, source map, chunk line or queue job',
    load: async () => (await import('./commands/schema.js')).schemaCommand
  },
  {
    name: 'job',
    summary: 'talk to the jobs API: get, wait, cancel, purge (key in DOCMODEL_API_KEY)',
    load: async () => (await import('./commands/job.js')).jobCommand
  },
  {
    name: 'batch',
    summary: 'convert many documents on all cores, resumable, with a report',
    load: async () => (await import('./commands/batch.js')).batchCommand
  },
  {
    name: 'diff',
    summary: 'compare two extractions block by block; exit 0 when they match, 1 when they differ',
    load: async () => (await import('./commands/diff.js')).diffCommand
  },
  {
    name: 'preview',
    summary: 'an HTML page that draws every block on its page: type, provenance, confidence, order',
    load: async () => (await import('./commands/preview.js')).previewCommand
  },
  {
    name: 'import',
    summary: 'turn docling, Textract or Azure Document Intelligence JSON into a document',
    load: async () => (await import('./commands/import.js')).importCommand
  },
  {
    name: 'chunk',
    summary: 'cut a document into token-bounded chunks for embedding (JSON Lines)',
    load: async () => (await import('./commands/chunk.js')).chunkCommand
  },
  {
    name: 'enqueue',
    summary: 'add conversion jobs to a BullMQ queue on Redis for docmodel worker (--wait: follow them)',
    load: async () => (await import('./commands/enqueue.js')).enqueueCommand
  },
  {
    name: 'worker',
    summary: 'convert the jobs of a BullMQ queue on Redis as batch would (one per core, on any machine)',
    load: async () => (await import('./commands/worker.js')).workerCommand
  }
]

/** The package's version. */
export const version = (): string => VERSION

/** `docmodel --help`, from the table alone. */
export const mainHelp = () => `docmodel ${version()}: parse, validate, filter and render extraction documents

Usage: docmodel <command> [options]      docmodel help <command>

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

Options:
  -h, --help      help (also after a command: docmodel render --help)
  -v, --version   the version
      --debug     print stack traces of unexpected errors (anywhere on the line)

Exit codes: 0 ok · 1 unexpected error · 2 usage · 3 invalid input · 4 API or network failure · 130 interrupted
`
