import {readdir} from 'node:fs/promises'
import {join} from 'node:path'
import type {Block} from '../../model/index.js'
import {createDocumentCheck} from '../../parse/check.js'
import {type PageImage, type PreviewOptions, pageSelector, resolveSvgOptions} from '../../preview/options.js'
import {pageImageUrl} from '../../preview/content.js'
import {type PreviewPages, previewHtmlPieces, previewPieces} from '../../preview/html.js'
import {inOrder, pagesOf} from '../../preview/svg.js'
import {pagesFlag, text} from '../args.js'
import {type Command, EXIT, inputHelp, inputOptions, inputSettings, outputOptions} from '../command.js'
import {InputError, UsageError, describeErrno} from '../errors.js'
import {parseNamedInput} from '../input.js'
import {boundHeapGrowth} from '../heap.js'
import {type PagedDocument, openPagedInput, pagesByNumber} from '../paged.js'
import {EXAMPLE_URL, formatBytes, nextTurn, outputStream, readInput, readLimited, say, turnDue, writeBatched} from '../io.js'
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
    // Each page's drawing outlives a few young collections: uncapped, the old generation grew to
    // 4× what it kept (on 80,000 one-block pages, 34 MB: 255–300 MB peak, 187 MB capped).
    boundHeapGrowth()
    const pageImages = await pageImagesFrom(values['page-images'] as string | undefined, maxBytes)
    if (pageImages) options.pageImages = pageImages
    const input = await readInput(positionals[0], io, maxBytes, EXAMPLE_URL)
    // Streamed: each page's section is written as it is drawn, so the whole HTML is never held.
    // The file is made (under a temporary name) first, so a bad target is refused before any work.
    const output = await outputStream(text(values, 'output'), [input], io)
    try {
      // Page by page from the bytes when it can, every page validated before a byte is written
      // (DOCMODEL_WHOLE_READ=1 reads whole, for comparisons); an invalid one: the whole read says why.
      const paged = io.env.DOCMODEL_WHOLE_READ === '1' ? undefined : openPagedInput(input, mode, kind)
      let pages: PreviewPages | undefined
      try {
        pages = paged && (await previewPaged(paged, options))
      } catch {
        // An invalid page (`ReadWhole`), bad options: the whole read reports them, as it always has.
      }
      if (paged && pages) {
        const missing = missingPages({pages: pages.numbers.map((page) => ({page, blocks: []}))}, options.pages)
        if (missing) say(io.stderr, `${missing}\n`)
        await writeBatched(output.stream, previewPieces(paged.outline, pages, options))
        await output.close()
        return EXIT.ok
      }
      const parsed = await parseNamedInput(input, mode, kind)
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

/**
 * What `preview` draws of a paged document (see `previewPieces`), every page parsed and validated
 * first (the output is written as it is drawn): its page numbers, `checkDocument`'s warnings, and
 * the blocks and kinds on the pages drawn; each page's blocks are read again when drawn.
 */
async function previewPaged(paged: PagedDocument, options: PreviewOptions): Promise<PreviewPages> {
  const svgOptions = resolveSvgOptions(options)
  const wanted = pageSelector(options.pages)
  const {outline} = paged
  const check = createDocumentCheck(outline)
  let count = 0
  const kinds = new Map<string, Block>()
  const numbers: number[] = []
  for (let position = 0; position < paged.count; position++) {
    if (turnDue()) await nextTurn() // a signal is acted on
    const page = paged.read(position)
    check.page(page, position)
    numbers.push(page.page)
    if (!wanted(page.page)) continue
    count += page.blocks.length
    for (const block of page.blocks) kinds.set(`${block.type}\u0000${block.text_source}`, block)
  }
  // Where each page number's pages are in the array (a number listed twice shows all their blocks).
  const byNumber = pagesByNumber(numbers)
  // The pages to draw: those with blocks, and the empty pages the source lists (or lists as failed).
  const drawn = new Set(byNumber.numbers())
  const last = Math.min(outline.source.page_count, outline.source.page_sizes.length)
  for (let page = 1; page <= last; page++) drawn.add(page)
  for (const failure of outline.extraction.per_page_failures) {
    const page = typeof failure === 'number' ? failure : failure.page
    if (page <= outline.source.page_count) drawn.add(page)
  }
  return {
    numbers: [...drawn].sort((a, b) => a - b),
    // Known valid: the same bytes parse to the same value.
    blocks: (number) =>
      inOrder(
        number,
        byNumber.positions(number).flatMap((position) => paged.read(position, true).blocks),
        svgOptions
      ),
    shown: {count, kinds: [...kinds.values()]},
    warnings: () => check.issues
  }
}
