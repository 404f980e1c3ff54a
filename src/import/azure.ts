import type {Path} from '../issues.js'
import {
  type Draft,
  type ImportOptions,
  type ImportResult,
  Warnings,
  assemble,
  invalidInput,
  isFiniteNumber,
  isObject,
  maxOf,
  minOf,
  checkGrid,
  gridTable,
  checkPageCount,
  normalizeBox,
  polygonBox,
  provenance
} from './build.js'

type Json = Record<string, unknown>
type Box = [number, number, number, number]

/** Options of `fromAzureLayout`. */
export interface AzureOptions extends ImportOptions {
  /** Pixels per inch of pages measured in pixels (images); the result does not say (default: `96`, warned). */
  pixelsPerInch?: number
}

/** Paragraph roles → block type and role; no role is a body paragraph. */
const ROLES: Record<string, {type: string; role?: string}> = {
  title: {type: 'heading', role: 'title'},
  sectionHeading: {type: 'heading', role: 'section'},
  pageHeader: {type: 'page_header'},
  pageFooter: {type: 'page_footer'},
  pageNumber: {type: 'page_footer', role: 'page_number'},
  footnote: {type: 'footnote'},
  formulaBlock: {type: 'formula'}
}

interface Span {
  offset: number
  length: number
}

/**
 * A polygon's coordinates as one list: v3+ gives numbers, early previews `{x, y}` points. A loop, not
 * a flatMap, which made an array for every point of every region (~15% of a 140k-footnote import's CPU).
 */
function flatPoints(points: unknown[]): unknown[] {
  const flat: unknown[] = []
  for (const p of points) {
    if (isObject(p)) flat.push(p.x, p.y)
    else flat.push(p)
  }
  return flat
}

/** An element placed in the reading order by the first character it covers in `content`. */
interface Element {
  at: number
  emit: () => void
}

/**
 * Imports an Azure AI Document Intelligence `prebuilt-layout` result (REST `analyzeResult`, v4
 * `2024-11-30`; v3 results share the shape) — the whole operation body or its `analyzeResult` —
 * into a document. Reading order is the order of `content` (the service writes it in reading
 * order): each paragraph, table and figure sits at its first span's offset. Paragraphs inside a
 * table or figure are that element's text, not blocks of their own.
 *
 * @example
 * const {document, warnings} = fromAzureLayout(JSON.parse(fs.readFileSync('layout.json', 'utf8')))
 */
export function fromAzureLayout(json: unknown, options: AzureOptions = {}): ImportResult {
  if (!isObject(json)) throw invalidInput('Azure analyzeResult', [], 'expected an object')
  const base: Path = isObject(json.analyzeResult) ? ['analyzeResult'] : []
  const result = isObject(json.analyzeResult) ? json.analyzeResult : json
  if (!Array.isArray(result.pages)) throw invalidInput('Azure analyzeResult', [...base, 'pages'], 'expected an array of pages')
  const warnings = new Warnings()
  const confidenceDefault = options.defaultConfidence ?? 1
  const ppi = options.pixelsPerInch ?? 96
  const array = (key: string): Json[] => (Array.isArray(result[key]) ? (result[key] as unknown[]).filter(isObject) : [])

  // Pages: sizes in inches; boxes are normalized against the page's own width and height.
  const pages = new Map<number, {width: number; height: number; index: number}>()
  let pixelWarned = false
  ;(result.pages as unknown[]).forEach((page, index) => {
    if (
      !isObject(page) ||
      !Number.isInteger(page.pageNumber) ||
      !isFiniteNumber(page.width) ||
      !isFiniteNumber(page.height) ||
      page.width <= 0 ||
      page.height <= 0
    )
      throw invalidInput(
        'Azure analyzeResult',
        [...base, 'pages', index],
        'expected a page with pageNumber and a positive width and height'
      )
    pages.set(page.pageNumber as number, {width: page.width, height: page.height, index})
    if (page.unit === 'pixel' && !pixelWarned && options.pixelsPerInch === undefined) {
      pixelWarned = true
      warnings.add(
        'page_size_assumed',
        [...base, 'pages', index, 'unit'],
        `page measured in pixels; taken at ${ppi} pixels per inch (pass pixelsPerInch)`
      )
    }
  })
  if (pages.size === 0) throw invalidInput('Azure analyzeResult', [...base, 'pages'], 'the result has no pages')
  const pageCount = maxOf(pages.keys())
  checkPageCount(pageCount, 'Azure analyzeResult', [...base, 'pages'])
  const unitOf = (index: number) => ((result.pages as Json[])[index]!.unit === 'pixel' ? ppi : 1)
  const firstPage = pages.get(minOf(pages.keys()))!
  const pageSizes = Array.from({length: pageCount}, (_, i): [number, number] => {
    const page = pages.get(i + 1) ?? firstPage
    if (!pages.has(i + 1))
      warnings.add('page_missing', [...base, 'pages'], `page ${i + 1} is not listed; it takes the size of the first page`)
    return [page.width / unitOf(page.index), page.height / unitOf(page.index)]
  })

  // Words by offset, for the confidence of any span (the service gives confidence per word only).
  const words = [...pages.values()].flatMap((page) => {
    const list = (result.pages as Json[])[page.index]!.words
    return Array.isArray(list) ? list.filter(isObject) : []
  })
  const wordSpans = words
    .map((word) => ({offset: isObject(word.span) ? Number(word.span.offset) : NaN, confidence: word.confidence as number}))
    .filter((word) => Number.isFinite(word.offset) && isFiniteNumber(word.confidence))
    .sort((a, b) => a.offset - b.offset)
  const wordOffsets = wordSpans.map((word) => word.offset)
  // The lowest confidence of any run of words in O(log n): spans may overlap (or all cover the whole content).
  const lowestWord = new MinTree(wordSpans.map((word) => word.confidence))
  const confidenceOf = (spans: Span[]): number => {
    let lowest = Infinity
    for (const span of spans)
      lowest = Math.min(
        lowest,
        lowestWord.min(firstAtOrAfter(wordOffsets, span.offset), firstAtOrAfter(wordOffsets, span.offset + span.length))
      )
    return lowest === Infinity ? confidenceDefault : lowest
  }

  const spansOf = (value: Json): Span[] => {
    const list = Array.isArray(value.spans) ? value.spans : isObject(value.span) ? [value.span] : []
    return list
      .filter(isObject)
      .filter((s) => isFiniteNumber(s.offset) && isFiniteNumber(s.length))
      .map((s) => ({offset: s.offset as number, length: s.length as number}))
  }
  /** Page and normalized box of each bounding region (v3+/v4 `polygon`, early previews `boundingBox`). */
  const regionsOf = (value: Json, path: Path): Array<{page: number; bbox: Box}> => {
    const regions = Array.isArray(value.boundingRegions) ? value.boundingRegions : []
    return regions.flatMap((region: unknown, index) => {
      const at = [...path, 'boundingRegions', index]
      const page = isObject(region) ? pages.get(Number(region.pageNumber)) : undefined
      const points = isObject(region)
        ? Array.isArray(region.polygon)
          ? region.polygon
          : Array.isArray(region.boundingBox)
            ? region.boundingBox
            : undefined
        : undefined
      const flat = points && flatPoints(points)
      if (!page || !flat || flat.length < 4 || !flat.every(isFiniteNumber)) {
        warnings.add('invalid_region', at, 'a bounding region without a known page or a polygon; skipped')
        return []
      }
      return [
        {page: Number((region as Json).pageNumber), bbox: normalizeBox(polygonBox(flat as number[]), page.width, page.height, warnings, at)}
      ]
    })
  }

  const drafts: Draft[] = []
  const elements: Element[] = []
  const firstOffset = (spans: Span[]) => (spans.length === 0 ? Infinity : minOf(spans.map((s) => s.offset)))
  const common = (id: string, region: {page: number; bbox: Box}, confidence: number) => ({
    id,
    page: region.page,
    bbox: region.bbox,
    bbox_units: 'normalized' as const,
    // The service reads the page image: its text is a model's output.
    ...provenance('inferred', confidence)
  })
  const firstRegion = (regions: Array<{page: number; bbox: Box}>, path: Path, what: string) => {
    if (regions.length > 1)
      warnings.add(
        'regions_merged',
        [...path, 'boundingRegions'],
        `the ${what} spans ${regions.length} regions; it is placed at the first (its text is whole)`
      )
    return regions[0]
  }

  // Heading depth from the v4 section tree: a heading in a nested section is a subsection.
  const headingDepth = new Map<number, number>()
  const sections = Array.isArray(result.sections) ? (result.sections as unknown[]) : []
  const paragraphCount = Array.isArray(result.paragraphs) ? result.paragraphs.length : 0
  // Depth first with an explicit stack: a tree nested any depth is read, never a stack overflow.
  if (isObject(sections[0])) {
    const seen = new Set<number>([0])
    const stack: Array<{index: number; depth: number; next: number}> = [{index: 0, depth: 0, next: 0}]
    while (stack.length > 0) {
      const frame = stack.at(-1)!
      const elementsOf = (sections[frame.index] as Json).elements
      const list = Array.isArray(elementsOf) ? (elementsOf as unknown[]) : []
      if (frame.next >= list.length) {
        stack.pop()
        continue
      }
      const at = frame.next++
      const ref = list[at]
      const path = [...base, 'sections', frame.index, 'elements', at]
      const match = typeof ref === 'string' ? /^\/(paragraphs|sections|tables|figures)\/(\d+)$/.exec(ref) : null
      const target = Number(match?.[2])
      if (match?.[1] === 'paragraphs' && target < paragraphCount) headingDepth.set(target, frame.depth)
      else if (match?.[1] === 'sections' && isObject(sections[target])) {
        if (seen.has(target)) warnings.add('section_revisited', path, `section ${target} is reached twice (a cycle?); read once`)
        else {
          seen.add(target)
          stack.push({index: target, depth: frame.depth + 1, next: 0})
        }
      } else if (match?.[1] !== 'tables' && match?.[1] !== 'figures')
        warnings.add(
          'unresolved_ref',
          path,
          `section element ${JSON.stringify(ref).slice(0, 80)} points at no paragraph or section; skipped`
        )
    }
  }

  // Spans owned by tables and figures (their cells, captions, footnotes, inner text).
  const tables = array('tables')
  const figures = array('figures')
  // A caption or footnote is its owner's: its paragraph is not imported twice.
  const parts = (owner: Json) => [
    ...(isObject(owner.caption) ? [owner.caption] : []),
    ...(Array.isArray(owner.footnotes) ? owner.footnotes.filter(isObject) : [])
  ]
  const owned = new SpanCover([...tables, ...figures].flatMap((owner) => [...spansOf(owner), ...parts(owner).flatMap(spansOf)]))

  const paragraphs = array('paragraphs')
  paragraphs.forEach((paragraph, index) => {
    const path = [...base, 'paragraphs', index]
    const spans = spansOf(paragraph)
    if (spans.length > 0 && spans.every((span) => owned.covers(span))) return
    const text = typeof paragraph.content === 'string' ? paragraph.content : ''
    const role = typeof paragraph.role === 'string' ? paragraph.role : undefined
    let mapping = role ? ROLES[role] : {type: 'paragraph', role: 'body'}
    if (!mapping) {
      warnings.add('unknown_role', [...path, 'role'], `paragraph role ${JSON.stringify(role)} has no block type; imported as a paragraph`)
      mapping = {type: 'paragraph', role}
    }
    elements.push({
      at: firstOffset(spans),
      emit: () => {
        const region = firstRegion(regionsOf(paragraph, path), path, 'paragraph')
        if (!region)
          return warnings.add(
            'no_position',
            path,
            `paragraph without a bounding region: not carried over (${JSON.stringify(text.slice(0, 80))})`
          )
        const head = common(`paragraphs/${index}`, region, confidenceOf(spans))
        let {type, role: blockRole} = mapping!
        if (role === 'sectionHeading' && (headingDepth.get(index) ?? 1) >= 2) blockRole = 'subsection'
        if (role === 'pageNumber' && (region.bbox[1] + region.bbox[3]) / 2 < 0.5) type = 'page_header'
        const inside = formulasIn(spans, type === 'formula' ? Math.max(1, marks(text)) : marks(text))
        // A paragraph that is one display formula (v4 without a formulaBlock role, e.g. prebuilt-read) is that formula.
        if (type === 'paragraph' && inside.length === 1 && inside[0]!.kind === 'display' && text.trim() === FORMULA_MARK) type = 'formula'
        if (type === 'formula') drafts.push({...head, type, latex: inside[0]?.value ?? formulaAt(region) ?? text})
        else drafts.push({...head, type, ...(blockRole ? {role: blockRole} : {}), text: withFormulas(text, inside)})
      }
    })
  })

  // Every formula (v4 `formulas` add-on) by its span in `content`, where `:formula:` stands for it;
  // a formula no text (paragraph, line, cell, caption) takes is warned at the end, never dropped unsaid.
  type Formula = {offset: number; length: number; value: string; kind: unknown; path: Path; key: string; used: boolean}
  const formulas: Formula[] = [...pages.values()]
    .flatMap((page) => {
      const list = (result.pages as Json[])[page.index]!.formulas
      return (Array.isArray(list) ? list : []).map((formula: unknown, i) => ({formula, page: page.index, i}))
    })
    .flatMap(({formula, page, i}): Formula[] => {
      const path = [...base, 'pages', page, 'formulas', i]
      if (!isObject(formula) || typeof formula.value !== 'string') {
        warnings.add('invalid_formula', path, 'a formula without a string value: not carried over')
        return []
      }
      const span = spansOf(formula)[0]
      return [
        {
          offset: span?.offset ?? NaN,
          length: span?.length ?? 0,
          value: formula.value,
          kind: formula.kind,
          path,
          key: `${page}/${i}`,
          used: false
        }
      ]
    })
  const formulaByKey = new Map(formulas.map((formula) => [formula.key, formula]))
  const spanned = formulas.filter((f) => Number.isFinite(f.offset)).sort((a, b) => a.offset - b.offset)
  const spannedOffsets = spanned.map((f) => f.offset)
  // The first formula not yet taken at or after an index (a skip list with path halving): each
  // formula is taken once, so paragraphs whose spans overlap, or all cover the content, stay linear.
  const free = Array.from({length: spanned.length + 1}, (_, i) => i)
  const freeFrom = (i: number): number => {
    while (free[i] !== i) i = free[i] = free[free[i]!]!
    return i
  }
  /**
   * The first `limit` untaken formulas whose span lies inside one of `spans`, in content order (now
   * taken): as many as the text has places for, so none is taken and then not shown. At most
   * `FORMULA_WINDOW` formulas reaching past a span's end are stepped over per span (a hostile input's).
   */
  function formulasIn(spans: Span[], limit: number): Formula[] {
    const found: Formula[] = []
    for (const span of spans) {
      const end = span.offset + span.length
      let skipped = 0
      for (let i = freeFrom(firstAtOrAfter(spannedOffsets, span.offset)); found.length < limit && i < spanned.length;) {
        const formula = spanned[i]!
        if (formula.offset >= end) break
        if (formula.offset + formula.length <= end) {
          found.push(formula)
          formula.used = true
          free[i] = i + 1
        } else if (++skipped > FORMULA_WINDOW) break
        i = freeFrom(i + 1)
      }
    }
    return found.sort((a, b) => a.offset - b.offset)
  }
  const marks = (text: string) => text.split(FORMULA_MARK).length - 1
  /** The text with each `:formula:` replaced, in order, by its formula's LaTeX. */
  const withFormulas = (text: string, inside: Formula[]): string => {
    let next = 0
    return inside.length === 0 ? text : text.replaceAll(FORMULA_MARK, (mark) => inside[next++]?.value ?? mark)
  }
  /** A text (a line's, a cell's, a caption's) with the formulas of its spans in its `:formula:` places. */
  const resolve = (text: string, spans: Span[]) => (marks(text) === 0 ? text : withFormulas(text, formulasIn(spans, marks(text))))

  // Each page's formulas (v4 `formulas` add-on) by the centre of their polygon, sorted by its y, read once.
  type Centre = {cx: number; cy: number; order: number; value: string}
  const formulaCentres = new Map<number, {list: Centre[]; ys: number[]}>()
  const centresOf = (number: number) => {
    let centres = formulaCentres.get(number)
    if (!centres) {
      const page = pages.get(number)!
      const formulas = (result.pages as Json[])[page.index]!.formulas
      const list = (Array.isArray(formulas) ? formulas : []).flatMap((formula: unknown, order): Centre[] => {
        if (!isObject(formula) || typeof formula.value !== 'string' || !Array.isArray(formula.polygon)) return []
        if (formula.polygon.length < 2 || !formula.polygon.every(isFiniteNumber)) return []
        const [x0, y0, x1, y1] = polygonBox(formula.polygon as number[])
        return [{cx: (x0 + x1) / 2 / page.width, cy: (y0 + y1) / 2 / page.height, order, value: formula.value}]
      })
      list.sort((a, b) => a.cy - b.cy || a.order - b.order)
      formulaCentres.set(number, (centres = {list, ys: list.map((centre) => centre.cy)}))
    }
    return centres
  }
  /**
   * The LaTeX of the page's first formula whose centre lies in a region, if any: a binary search
   * for the region's top, then at most `FORMULA_WINDOW` formulas down its height (a real region holds one).
   */
  function formulaAt(region: {page: number; bbox: Box}): string | undefined {
    const {list, ys} = centresOf(region.page)
    const [x0, y0, x1, y1] = region.bbox
    let found: Centre | undefined
    const start = firstAtOrAfter(ys, y0)
    for (let i = start; i < list.length && i < start + FORMULA_WINDOW && list[i]!.cy <= y1; i++) {
      const centre = list[i]!
      if (centre.cx >= x0 && centre.cx <= x1 && (!found || centre.order < found.order)) found = centre
    }
    if (found) formulaByKey.get(`${pages.get(region.page)!.index}/${found.order}`)!.used = true
    return found?.value
  }

  const captionOf = (owner: Json, path: Path, key: 'caption' | 'footnotes', id: string) => {
    const parts =
      key === 'caption'
        ? isObject(owner.caption)
          ? [owner.caption]
          : []
        : Array.isArray(owner.footnotes)
          ? owner.footnotes.filter(isObject)
          : []
    return parts.flatMap((part, i) => {
      const at = key === 'caption' ? [...path, 'caption'] : [...path, 'footnotes', i]
      const region = firstRegion(regionsOf(part, at), at, key === 'caption' ? 'caption' : 'footnote')
      if (!region) {
        warnings.add('no_position', at, `${key} without a bounding region: not carried over`)
        return []
      }
      const spans = spansOf(part)
      const text = resolve(typeof part.content === 'string' ? part.content : '', spans)
      return [
        {
          ...common(`${id}/${key}${key === 'footnotes' ? `/${i}` : ''}`, region, confidenceOf(spans)),
          type: key === 'caption' ? 'caption' : 'footnote',
          text
        } as Draft
      ]
    })
  }

  tables.forEach((table, index) => {
    const path = [...base, 'tables', index]
    elements.push({
      at: firstOffset(spansOf(table)),
      emit: () => {
        const region = firstRegion(regionsOf(table, path), path, 'table')
        if (!region) return warnings.add('no_position', path, 'table without a bounding region: not carried over')
        const captions = captionOf(table, path, 'caption', `tables/${index}`)
        const above = captions.filter((c) => c.page === region.page && c.bbox[1] < region.bbox[1])
        for (const caption of above) drafts.push(caption)
        drafts.push({
          ...common(`tables/${index}`, region, confidenceOf(spansOf(table))),
          ...provenance('derived', confidenceOf(spansOf(table))),
          type: 'table',
          ...tableGrid(table, path)
        })
        // One by one: a spread of 100k footnotes into push's arguments overflows the call stack.
        for (const part of [...captions.filter((c) => !above.includes(c)), ...captionOf(table, path, 'footnotes', `tables/${index}`)])
          drafts.push(part)
      }
    })
  })

  const inFigure = new Set<Json>()
  figures.forEach((figure, index) => {
    const path = [...base, 'figures', index]
    elements.push({
      at: firstOffset(spansOf(figure)),
      emit: () => {
        const region = firstRegion(regionsOf(figure, path), path, 'figure')
        if (!region) return warnings.add('no_position', path, 'figure without a bounding region: not carried over')
        const captions = captionOf(figure, path, 'caption', `figures/${index}`)
        const captionText = new Set(captions.map((c) => c.text))
        // The figure's own paragraphs (axis labels, text in a diagram), less its caption.
        // A paragraph is the text of one figure (listed again, by this figure or another, its text would repeat).
        const inner = (Array.isArray(figure.elements) ? figure.elements : [])
          .map((ref: unknown) => (typeof ref === 'string' ? /^\/paragraphs\/(\d+)$/.exec(ref) : null))
          .map((match) => (match ? paragraphs[Number(match[1])] : undefined))
          .filter((p): p is Json => p !== undefined && typeof p.content === 'string' && !captionText.has(p.content))
          .filter((p) => !inFigure.has(p) && inFigure.add(p))
          .map((p) => resolve(p.content as string, spansOf(p)))
        warnings.add(
          'image_bytes_absent',
          path,
          'the result carries no figure image (it is fetched apart, GET …/figures/{id}); image_b64 is empty'
        )
        const above = captions.filter((c) => c.page === region.page && c.bbox[1] < region.bbox[1])
        for (const caption of above) drafts.push(caption)
        drafts.push({
          ...common(`figures/${index}`, region, confidenceOf(spansOf(figure))),
          ...provenance('derived', confidenceOf(spansOf(figure))),
          type: 'image',
          image_b64: '',
          ...(inner.length > 0 ? {embedded_text: inner.join('\n')} : {})
        })
        for (const part of [...captions.filter((c) => !above.includes(c)), ...captionOf(figure, path, 'footnotes', `figures/${index}`)])
          drafts.push(part)
      }
    })
  })

  // Text that only the page lines hold (paragraphs absent: a read-only result) would be lost.
  if (paragraphs.length === 0) {
    warnings.add('no_paragraphs', [...base, 'paragraphs'], 'no paragraphs in the result; every page line becomes a paragraph')
    for (const [number, page] of pages) {
      const lines = (result.pages as Json[])[page.index]!.lines
      ;(Array.isArray(lines) ? lines.filter(isObject) : []).forEach((line, i) => {
        const path = [...base, 'pages', page.index, 'lines', i]
        const points = Array.isArray(line.polygon) ? line.polygon : Array.isArray(line.boundingBox) ? line.boundingBox : undefined
        if (!points || points.length < 4 || !points.every(isFiniteNumber))
          return warnings.add('no_position', path, 'line without a polygon: not carried over')
        const spans = spansOf(line)
        // A line of a table or figure is that element's text.
        if (spans.length > 0 && spans.every((span) => owned.covers(span))) return
        const lineText = typeof line.content === 'string' ? line.content : ''
        elements.push({
          at: firstOffset(spans),
          emit: () =>
            drafts.push({
              ...common(
                `pages/${page.index}/lines/${i}`,
                {page: number, bbox: normalizeBox(polygonBox(points as number[]), page.width, page.height, warnings, path)},
                confidenceOf(spans)
              ),
              type: 'paragraph',
              role: 'line',
              text: resolve(lineText, spans)
            })
        })
      })
    }
  }
  // Check boxes: the model has no such block; v4 paragraphs keep `:selected:` in their text, the states are listed here.
  for (const page of pages.values()) {
    const list = (result.pages as Json[])[page.index]!.selectionMarks
    const states = Array.isArray(list) ? list.filter(isObject).map((mark) => String(mark.state)) : []
    if (states.length > 0)
      warnings.add(
        'selection_mark_not_carried',
        [...base, 'pages', page.index, 'selectionMarks'],
        `${states.length} selection mark(s) have no block in the model: ${states.slice(0, STATES_LISTED).join(', ')}${states.length > STATES_LISTED ? ', …' : ''}`
      )
  }
  for (const key of ['keyValuePairs', 'documents'])
    if (array(key).length > 0)
      warnings.add('not_carried', [...base, key], `${key} have no counterpart in the model (their text is in the paragraphs)`)

  // Stable sort: equal offsets keep the order they were listed in.
  elements.sort((a, b) => a.at - b.at)
  for (const element of elements) element.emit()
  for (const formula of formulas)
    if (!formula.used)
      warnings.add(
        'formula_not_carried',
        formula.path,
        `formula ${JSON.stringify(formula.value.slice(0, 80))} stands in no text (no :formula: of a paragraph, line, cell or caption covers it)`
      )

  return assemble(
    {
      kind: (result.pages as Json[]).every((page) => page.unit === 'pixel') ? 'image' : 'pdf',
      filename: 'document',
      pageSizes,
      model: `azure ${String(result.modelId ?? 'prebuilt-layout')} ${String(result.apiVersion ?? '')}`.trim(),
      blocks: drafts.sort((a, b) => a.page - b.page),
      source: json
    },
    options,
    warnings
  )

  function tableGrid(table: Json, path: Path): {headers: string[]; rows: string[][]} {
    const cells = Array.isArray(table.cells) ? table.cells.filter(isObject) : []
    const rows = maxOf(
      cells.map((c) => (Number(c.rowIndex) || 0) + 1),
      Number(table.rowCount) || 0
    )
    const cols = maxOf(
      cells.map((c) => (Number(c.columnIndex) || 0) + 1),
      Number(table.columnCount) || 0
    )
    checkGrid(rows, cols, cells.length, 'Azure analyzeResult', path)
    const grid = Array.from({length: rows}, () => Array.from({length: cols}, () => ''))
    const cover: Array<Array<number | undefined>> = Array.from({length: rows}, () => Array.from({length: cols}, () => undefined))
    const header = Array.from({length: rows}, () => false)
    let spanAt: number | undefined
    const cellText = cells.map((cell) => resolve(typeof cell.content === 'string' ? cell.content : '', spansOf(cell)))
    cells.forEach((cell, index) => {
      const r = Number(cell.rowIndex)
      const c = Number(cell.columnIndex)
      if (!(r >= 0 && c >= 0 && r < rows && c < cols))
        return warnings.add('cell_out_of_grid', [...path, 'cells', index], 'a cell outside the table grid; not carried over')
      grid[r]![c] = cellText[index]!
      const rs = Math.max(1, Number(cell.rowSpan) || 1)
      const cs = Math.max(1, Number(cell.columnSpan) || 1)
      for (let i = r; i < Math.min(rows, r + rs); i++) for (let j = c; j < Math.min(cols, c + cs); j++) cover[i]![j] = index
      if (cell.kind === 'columnHeader') header[r] = true
      else if ((rs > 1 || cs > 1) && spanAt === undefined) spanAt = index
    })
    const text = (i: number) => cellText[i]!
    return gridTable({grid, cover, header, spanAt}, {text, row: (i) => Number(cells[i]!.rowIndex)}, warnings, [...path, 'cells'])
  }
}

/** How many selection-mark states a warning lists (a page of a million check boxes makes no million-word message). */
const STATES_LISTED = 50

/** What `content` holds where a formula stands (v4 `formulas` add-on). */
const FORMULA_MARK = ':formula:'

/** How many formulas down a region's height `formulaAt` looks at (a formula block holds one). */
const FORMULA_WINDOW = 32

/** The first index of a sorted list whose value is at least (`after`: above) `value`; the list's length when none is. */
function firstAtOrAfter(sorted: readonly number[], value: number, after = false): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]! < value || (after && sorted[mid] === value)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The minimum of any index range of a list in O(log n) (a segment tree kept in one array). */
class MinTree {
  private readonly size: number
  private readonly tree: Float64Array
  constructor(values: readonly number[]) {
    this.size = values.length
    this.tree = new Float64Array(2 * this.size).fill(Infinity)
    values.forEach((value, i) => (this.tree[this.size + i] = value))
    for (let i = this.size - 1; i > 0; i--) this.tree[i] = Math.min(this.tree[2 * i]!, this.tree[2 * i + 1]!)
  }
  /** The minimum of the values at `from` … `to − 1` (Infinity for an empty range). */
  min(from: number, to: number): number {
    let lowest = Infinity
    for (let lo = from + this.size, hi = to + this.size; lo < hi; lo >>= 1, hi >>= 1) {
      if (lo & 1) lowest = Math.min(lowest, this.tree[lo++]!)
      if (hi & 1) lowest = Math.min(lowest, this.tree[--hi]!)
    }
    return lowest
  }
}

/** Whether a span lies inside one of a set of spans, in O(log n): sorted by start, with the furthest end so far. */
class SpanCover {
  private readonly starts: number[]
  private readonly reach: number[]
  constructor(spans: readonly Span[]) {
    const sorted = [...spans].sort((a, b) => a.offset - b.offset)
    this.starts = sorted.map((span) => span.offset)
    let furthest = -Infinity
    this.reach = sorted.map((span) => (furthest = Math.max(furthest, span.offset + span.length)))
  }
  covers(span: Span): boolean {
    // The spans starting at or before this one; the furthest of their ends must reach its end.
    const last = firstAtOrAfter(this.starts, span.offset, true) - 1
    return last >= 0 && this.reach[last]! >= span.offset + span.length
  }
}
