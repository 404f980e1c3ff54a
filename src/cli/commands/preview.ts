import {readdir} from 'node:fs/promises'
import {join} from 'node:path'
import type {PageImage, PreviewOptions} from '../../preview/options.js'
import {pageImageUrl} from '../../preview/content.js'
import {previewHtmlPieces} from '../../preview/html.js'
import {pagesOf} from '../../preview/svg.js'
import {pagesFlag, text} from '../args.js'
import {type Command, EXIT, inputHelp, inputOptions, inputSettings, outputOptions} from '../command.js'
import {InputError, UsageError, describeErrno} from '../errors.js'
import {parseNamedInput} from '../input.js'
import {EXAMPLE_URL, formatBytes, outputStream, readInput, readLimited, say, writeBatched} from '../io.js'
import {missingPages} from '../selection.js'
import {previewingHelp, previewingOf, previewingOptions} from '../previewing.js'
import {orderingHelp} from '../ordering.js'

/**
 * Page renders from a folder: files named `<page>.png` (or `page-<page>.jpg`, …: PNG, JPEG, GIF,
 * WebP). Read as inputs are: regular files only, and all of them together within the input limit
 * (they all go into one page).
 */
async function pageImagesFrom(dir: string | undefined, maxBytes: number): Promise<Record<number, PageImage> | undefined> {
  if (dir === undefined) return undefined
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    throw new InputError('unreadable', `cannot read ${dir}: ${describeErrno(error)}`)
  }
  const images: Record<number, PageImage> = {}
  let total = 0
  for (const name of names.sort()) {
    const match = /^(?:page[-_]?)?0*(\d+)\.(?:png|jpe?g|gif|webp)$/i.exec(name)
    if (!match) continue
    let bytes: Uint8Array
    try {
      bytes = await readLimited(join(dir, name), join(dir, name), maxBytes - total)
    } catch (error) {
      if (!(error instanceof InputError && error.code === 'input_too_large')) throw error
      throw new InputError(
        'input_too_large',
        `the page images in ${dir} are larger than the input limit of ${formatBytes(maxBytes)} together; raise it with --max-input-bytes (e.g. --max-input-bytes 2G)`
      )
    }
    total += bytes.length
    if (pageImageUrl(bytes) === undefined) throw new InputError('not_an_image', `${join(dir, name)}: not a PNG, JPEG, GIF or WebP image`)
    images[Number(match[1])] = bytes
  }
  return images
}

export const previewCommand: Command = {
  name: 'preview',
  summary: 'an HTML page that draws every block on its page: type, provenance, confidence, order',
  help: `Usage: docmodel preview [file|-] [-o preview.html] [options]

Writes a layout preview: each page as an SVG with every block drawn in its box, coloured, with
the reading order, a tooltip, the block list beside it and the extraction summary. The HTML
needs no server and loads nothing from the network. With no file, previews the bundled example.

Options:
  -o, --output <file>          write the HTML to a file (default: stdout)
${previewingHelp}
${orderingHelp}
      --pages <pages>          1,3,5, 2-5 or 1,3-5 (open ends: 3-)    (default: all)
      --page-images <dir>      draw page renders behind the boxes: <page>.png, page-<page>.jpg, …
      --title <text>           the page title (default: the source file name)
${inputHelp}

Examples:
  docmodel preview report.json -o preview.html
  docmodel preview report.json --color-by confidence --pages 1-3 -o low-confidence.html`,
  options: {
    ...outputOptions,
    ...inputOptions,
    ...previewingOptions,
    pages: {type: 'string'},
    'page-images': {type: 'string'},
    title: {type: 'string'}
  },
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError('preview takes at most one file')
    const options: PreviewOptions = {
      ...previewingOf(values),
      pages: pagesFlag(values.pages as string | undefined),
      ...(values.title === undefined ? {} : {title: values.title as string})
    }
    const {mode, kind, maxBytes} = inputSettings(values)
    const pageImages = await pageImagesFrom(values['page-images'] as string | undefined, maxBytes)
    if (pageImages) options.pageImages = pageImages
    const input = await readInput(positionals[0], io, maxBytes, EXAMPLE_URL)
    // Streamed: each page's section is written as it is drawn, so the whole HTML is never held.
    // The file is made (under a temporary name) first, so a bad target is refused before any work.
    const output = await outputStream(text(values, 'output'), [input], io)
    try {
      const parsed = parseNamedInput(input, mode, kind)
      if (!parsed.document)
        throw new InputError(
          'no_document',
          `the job has no document to preview (status "${parsed.kind === 'job' ? parsed.job.status : ''}")`
        )
      // The pages the preview draws: those with blocks, and the empty pages the source lists.
      const drawable = {pages: [...pagesOf(parsed.document, {by: 'index', direction: 'auto'}).keys()].map((page) => ({page, blocks: []}))}
      const missing = missingPages(drawable, options.pages)
      if (missing) say(io.stderr, `${missing}\n`)
      await writeBatched(output.stream, previewHtmlPieces(parsed.document, options))
      await output.close()
    } catch (error) {
      await output.abort()
      throw output.failure(error)
    }
    return EXIT.ok
  }
}
