import type {Document} from '../../model/index.js'
import {render} from '../../render/render.js'
import type {RenderOptions} from '../../render/types.js'
import type {FilterCriteria} from '../../select/filter.js'
import {blockStats} from '../../select/stats.js'
import type {Values} from '../args.js'
import {renderOptionsOf, select, selectionOf} from '../selection.js'

/** Everything a format needs besides the document, built once per worker from the command's flags. */
export interface FormatSettings {
  render: RenderOptions
  /** The blocks to keep (`--preset`, `--min-confidence`, `--text-source`); undefined keeps all. */
  selection: FilterCriteria | undefined
}

/** One output of `docmodel batch --to`: a file extension and a pure conversion. */
export interface OutputFormat {
  /** Appended to the input's name once `.json` is dropped: `report.json` → `report.md`. */
  extension: string
  /** The file's text, and the warnings made writing it (each names its block). */
  convert(document: Document, settings: FormatSettings): {text: string; warnings: string[]}
}

/** Flags → settings; throws `UsageError` on a bad value (checked in the main thread before any worker starts). */
export function formatSettings(values: Values): FormatSettings {
  return {render: renderOptionsOf(values), selection: selectionOf(values)}
}

/** The formats batch writes. Adding one is one entry here (plus its flags in the batch command, if any). */
export const outputFormats: Record<string, OutputFormat> = {
  markdown: {
    extension: '.md',
    convert(document, settings) {
      const {markdown, warnings} = render(select(document, settings.selection).document, settings.render)
      return {text: markdown, warnings: warnings.map((w) => `block ${w.blockId}: ${w.message}`)}
    }
  },
  json: {
    extension: '.json',
    convert: (document, settings) => ({text: JSON.stringify(select(document, settings.selection).document) + '\n', warnings: []})
  },
  stats: {
    extension: '.stats.json',
    convert: (document, settings) => ({
      text: JSON.stringify(blockStats(select(document, settings.selection).document)) + '\n',
      warnings: []
    })
  }
}
