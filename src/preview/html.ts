import {OptionsError} from '../errors.js'
import type {Issue} from '../issues.js'
import type {Block, Document} from '../model/index.js'
import {checkDocument} from '../parse/check.js'
import {CONTENT_SECURITY_POLICY, SCRIPT, STYLE, swatchClass} from './assets.js'
import {colorOf, legendEntries} from './colors.js'
import {blockText} from './content.js'
import {escapeXml as esc, num, snippet} from './escape.js'
import {pageFrame} from './frame.js'
import {type PreviewOptions, type ResolvedSvgOptions, pageSelector, resolveSvgOptions} from './options.js'
import {type PreviewInput, blockKey, documentOf, pagesOf, writePageSvg} from './svg.js'

/** Documents with more pages than this draw their page SVGs on demand (`lazy: 'auto'`). */
const LAZY_ABOVE = 50
/** Warnings listed in the summary before the rest are counted. */
const WARNINGS_LISTED = 200
const TEXT_IN_LIST = 90

/**
 * The layout preview of a document as one self-contained HTML page: every page as an SVG with one
 * element per block (coloured by type, text source or confidence, with a legend; inferred text
 * dashed, low confidence hatched; the reading order as numbers and a path; a tooltip), the block
 * list in reading order beside it (click a block or an entry to highlight both), filters by type
 * and text source, and the extraction summary with `checkDocument`'s warnings. No external URL, a
 * Content-Security-Policy that forbids network access, every document string escaped.
 * Throws `OptionsError` for bad options, `DocmodelError` for a job without a document.
 *
 * @example
 * writeFileSync('preview.html', renderPreviewHtml(doc, {colorBy: 'confidence', pages: {from: 1, to: 3}}))
 */
export function renderPreviewHtml(input: PreviewInput, options: PreviewOptions = {}): string {
  return [...previewHtmlPieces(input, options)].join('')
}

/**
 * The HTML of `renderPreviewHtml` in pieces, a page's section or list group at a time (their
 * concatenation is that HTML): the CLI writes each as it is drawn, never holding the whole page.
 */
export function* previewHtmlPieces(input: PreviewInput, options: PreviewOptions = {}): Generator<string, void, undefined> {
  const doc = documentOf(input)
  const svgOptions = resolveSvgOptions(options)
  const wanted = pageSelector(options.pages)
  const drawable = pagesOf(doc, svgOptions)
  const shown = [...drawable].filter(([page]) => wanted(page)).flatMap(([, blocks]) => blocks)
  yield* previewPieces(
    doc,
    {
      numbers: [...drawable.keys()],
      blocks: (page) => drawable.get(page)!,
      shown: {count: shown.length, kinds: shown},
      warnings: () => checkDocument(doc)
    },
    options
  )
}

/** What the preview draws of a document, whole or read page by page (the CLI's `preview`). */
export interface PreviewPages {
  /** The pages there are to draw, ascending: those with blocks, and the empty pages the source lists. */
  numbers: number[]
  /** A page's blocks in the order asked for (`by`, `direction`); asked for twice, in page order. */
  blocks(page: number): Block[]
  /** How many blocks the pages drawn hold, and blocks with every type and every text source among them (for the legend and the filters). */
  shown: {count: number; kinds: Block[]}
  /** `checkDocument`'s warnings. */
  warnings(): Issue[]
}

/** `previewHtmlPieces` of the document's outline (`source`, `extraction`) and its pages. */
export function* previewPieces(doc: Document, drawable: PreviewPages, options: PreviewOptions): Generator<string, void, undefined> {
  const svgOptions = resolveSvgOptions(options)
  const wanted = pageSelector(options.pages)
  const {title = doc.source.filename, lazy = 'auto'} = options
  if (typeof title !== 'string') throw new OptionsError(`title: expected a string, got ${String(title)}`)
  if (lazy !== 'auto' && typeof lazy !== 'boolean') throw new OptionsError(`lazy: expected true, false or "auto", got ${String(lazy)}`)
  const pages = drawable.numbers.filter((page) => wanted(page))
  const drawLazily = lazy === 'auto' ? pages.length > LAZY_ABOVE : lazy
  const failures = failedPages(doc)

  yield [
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(CONTENT_SECURITY_POLICY)}">`,
    '<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="docmodel"><title>${esc(`Preview: ${title}`)}</title><style>${STYLE}</style></head>`,
    `<body data-color-by="${svgOptions.colorBy}">`,
    summaryMarkup(doc, drawable.warnings(), title, pages.length, drawable.shown.count, failures),
    toolbarMarkup(drawable.shown.kinds, svgOptions),
    '<main><div class="pages">',
    pages.length === 0 ? '<p>No page to show.</p>' : ''
  ].join('')
  for (const page of pages) {
    const parts: string[] = []
    writePageSection(parts, doc, page, drawable.blocks(page), svgOptions, drawLazily, failures.get(page))
    yield parts.join('')
  }
  yield '</div><aside><h2>Blocks in reading order</h2><ol class="block-list">'
  for (const page of pages) {
    const parts: string[] = []
    writeListGroup(parts, page, drawable.blocks(page), svgOptions, drawLazily)
    yield parts.join('')
  }
  yield `</ol></aside></main><div id="tip" role="tooltip" hidden></div><script>${SCRIPT}</script></body></html>\n`
}

function writePageSection(
  out: string[],
  doc: Document,
  page: number,
  blocks: Block[],
  options: ResolvedSvgOptions,
  lazy: boolean,
  failure: string | undefined
): void {
  const heading = `<h2>Page ${page}${failure === undefined ? '' : ` — extraction failed: ${esc(failure)}`} · ${blocks.length} block${blocks.length === 1 ? '' : 's'}</h2>`
  const classes = `page${lazy ? ' lazy' : ''}${failure === undefined ? '' : ' failed'}`
  out.push(`<section id="page-${page}" class="${classes}" data-page="${page}">${heading}`)
  if (lazy) {
    // The SVG waits as inert text: it holds no `<` of the document's (all escaped), so it cannot end the element.
    const {width, height} = pageFrame(doc, page, blocks, options.dpi)
    out.push(`<svg class="page-svg placeholder" viewBox="0 0 ${num(width)} ${num(height)}"></svg><script type="text/x-docmodel-page">`)
  }
  writePageSvg(out, doc, page, blocks, options, false)
  out.push(lazy ? '</script></section>' : '</section>')
}

function writeListGroup(out: string[], page: number, blocks: Block[], options: ResolvedSvgOptions, lazy: boolean): void {
  out.push(`<li id="group-${page}" class="group${lazy ? ' lazy' : ''}" data-count="${blocks.length}"><h3>Page ${page}</h3><ol>`)
  // Lazily, a page's entries wait as inert text too, like its SVG.
  if (lazy) out.push('</ol><script type="text/x-docmodel-list">')
  blocks.forEach((block, i) => {
    const position = i + 1
    const low = block.confidence < options.lowConfidence
    const inferred = block.text_source === 'inferred'
    const text = snippet(blockText(block, TEXT_IN_LIST * 2), TEXT_IN_LIST)
    out.push(
      `<li id="item-${blockKey(page, position)}" class="item${low ? ' low' : ''}${inferred ? ' inferred' : ''}"` +
        ` data-block-id="${esc(block.id)}" data-type="${esc(block.type)}" data-text-source="${esc(block.text_source)}">` +
        `<button type="button"><span class="n">${position}</span>` +
        `<span class="sw ${swatchClass(colorOf(block, options.colorBy))}"></span>` +
        `<span class="meta">${esc(block.type)} · ${esc(block.text_source)} · ${formatConfidence(block.confidence)}</span>` +
        `<span class="text">${esc(text)}</span></button></li>`
    )
  })
  out.push(lazy ? '</script></li>' : '</ol></li>')
}

const formatConfidence = (confidence: number) => (Number.isFinite(confidence) ? confidence.toFixed(2) : String(confidence))

/** Failed pages with what the extraction said about them. */
function failedPages(doc: Document): Map<number, string> {
  const failed = new Map<number, string>()
  for (const failure of doc.extraction.per_page_failures) {
    if (typeof failure === 'number') failed.set(failure, 'no details')
    else
      failed.set(
        failure.page,
        [failure.code, failure.message].filter((part): part is string => typeof part === 'string' && part !== '').join(': ') || 'no details'
      )
  }
  return failed
}

function summaryMarkup(
  doc: Document,
  warnings: Issue[],
  title: string,
  pageCount: number,
  blockCount: number,
  failures: Map<number, string>
): string {
  const {extraction, source} = doc
  const field = (label: string, value: string) => `<div><dt>${label}</dt><dd>${value}</dd></div>`
  const score = extraction.faithfulness_score
  let out =
    `<header><h1>${esc(title)}</h1><dl class="summary">` +
    field('source', `${esc(source.kind)} · ${source.page_count} page${source.page_count === 1 ? '' : 's'}`) +
    field('model', esc(extraction.model)) +
    field('profile', esc(extraction.profile)) +
    field('duration', `${extraction.duration_ms} ms`) +
    field('faithfulness', score === null || score === undefined ? 'n/a' : String(score)) +
    field('shown', `${pageCount} page${pageCount === 1 ? '' : 's'}, ${blockCount} block${blockCount === 1 ? '' : 's'}`) +
    field('failed pages', failures.size === 0 ? 'none' : String(failures.size)) +
    '</dl>'
  if (failures.size > 0)
    out += `<details open><summary>Failed pages</summary><ul>${[...failures]
      .sort(([a], [b]) => a - b)
      .map(([page, what]) => `<li>page ${page}: ${esc(what)}</li>`)
      .join('')}</ul></details>`
  out += `<details class="warnings"${warnings.length > 0 && warnings.length <= 20 ? ' open' : ''}><summary>${warnings.length} warning${warnings.length === 1 ? '' : 's'} from checkDocument</summary><ul>`
  for (const warning of warnings.slice(0, WARNINGS_LISTED))
    out += `<li><code>${esc(warning.pointer)}</code> ${esc(warning.code)}: ${esc(warning.message)}</li>`
  if (warnings.length > WARNINGS_LISTED) out += `<li>… and ${warnings.length - WARNINGS_LISTED} more</li>`
  return out + '</ul></details></header>'
}

function toolbarMarkup(blocks: Block[], options: ResolvedSvgOptions): string {
  const colorLabel = {type: 'Colour: block type', 'text-source': 'Colour: text source', confidence: 'Colour: confidence'}[options.colorBy]
  let out = `<div class="toolbar"><div class="legend"><strong>${colorLabel}</strong>`
  for (const {label, color} of legendEntries(blocks, options.colorBy))
    out += `<span><i class="sw ${swatchClass(color)}"></i>${esc(label)}</span>`
  out +=
    '<span><svg class="mark" width="22" height="12"><rect x="1" y="1" width="20" height="10" fill="none" stroke="#37474f" stroke-width="1.2" stroke-dasharray="5 3"/></svg>inferred text</span>' +
    `<span><svg class="mark" width="22" height="12"><rect x="1" y="1" width="20" height="10" fill="#c62828" fill-opacity="0.3" stroke="#c62828" stroke-width="2"/></svg>confidence &lt; ${options.lowConfidence}</span>`
  if (options.order)
    out +=
      '<span><svg class="mark" width="14" height="14"><circle cx="7" cy="7" r="6.5" fill="#263238"/><text x="7" y="7" fill="#fff" font-size="8" text-anchor="middle" dominant-baseline="central">1</text></svg>reading order</span>'
  out += '</div>'
  const values = (key: 'type' | 'text_source') => [...new Set(blocks.map((block) => block[key]))].sort()
  for (const [filter, label, key] of [
    ['type', 'Types', 'type'],
    ['source', 'Text source', 'text_source']
  ] as const) {
    out += `<fieldset><legend>${label}</legend>`
    for (const value of values(key))
      out += `<label><input type="checkbox" data-filter="${filter}" value="${esc(value)}" checked> ${esc(value)}</label>`
    out += '</fieldset>'
  }
  return out + '</div>'
}
