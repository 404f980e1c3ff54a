import type {Path} from '../issues.js'
import type {Document, TextSource} from '../model/index.js'
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
  provenance,
  unionBox
} from './build.js'

type Json = Record<string, unknown>
type Box = [number, number, number, number]
/** The item arrays a `$ref` may point into. */
const COLLECTIONS = ['texts', 'tables', 'pictures', 'groups', 'key_value_items', 'form_items'] as const
type Collection = (typeof COLLECTIONS)[number]

interface Item {
  collection: Collection
  index: number
  value: Json
  path: Path
}

/** Text labels → block type and role; `list_item` is grouped, furniture is placed by position. */
const TEXT_LABELS: Record<string, {type: string; role?: string}> = {
  title: {type: 'heading', role: 'title'},
  section_header: {type: 'heading', role: 'section'},
  text: {type: 'paragraph', role: 'body'},
  paragraph: {type: 'paragraph', role: 'body'},
  reference: {type: 'paragraph', role: 'reference'},
  handwritten_text: {type: 'paragraph', role: 'handwritten_text'},
  checkbox_selected: {type: 'paragraph', role: 'checkbox_selected'},
  checkbox_unselected: {type: 'paragraph', role: 'checkbox_unselected'},
  empty_value: {type: 'paragraph', role: 'empty_value'},
  grading_scale: {type: 'paragraph', role: 'grading_scale'},
  marker: {type: 'paragraph', role: 'marker'},
  caption: {type: 'caption'},
  footnote: {type: 'footnote'},
  page_header: {type: 'page_header'},
  page_footer: {type: 'page_footer'},
  code: {type: 'code'},
  formula: {type: 'formula'}
}

/**
 * Imports a DoclingDocument (docling-core v2 JSON, as `docling` writes with `export_to_dict` or
 * `--to json`) into a document: the body tree in docling's order, then the furniture; items
 * never reached from either are appended (warned). See the README's mapping table.
 *
 * @example
 * const {document, warnings} = fromDocling(JSON.parse(fs.readFileSync('paper.json', 'utf8')))
 */
export function fromDocling(json: unknown, options: ImportOptions = {}): ImportResult {
  if (!isObject(json)) throw invalidInput('DoclingDocument', [], 'expected a DoclingDocument object')
  const warnings = new Warnings()
  if (json.schema_name !== 'DoclingDocument')
    warnings.add('unexpected_schema', ['schema_name'], `expected "DoclingDocument", got ${JSON.stringify(json.schema_name)}`)
  for (const collection of COLLECTIONS)
    if (json[collection] !== undefined && !Array.isArray(json[collection]))
      throw invalidInput('DoclingDocument', [collection], `expected an array, got ${typeof json[collection]}`)

  const pages = pageSizes(json)
  const origin = isObject(json.origin) ? json.origin : {}
  const mimetype = typeof origin.mimetype === 'string' ? origin.mimetype : ''
  const kind: Document['source']['kind'] = mimetype.startsWith('image/') ? 'image' : mimetype.includes('presentation') ? 'pptx' : 'pdf'
  // Text an OCR engine read from an image is a model's output; a text layer or native shape is exact.
  const textSource: TextSource = kind === 'image' ? 'inferred' : 'verified'
  const confidence = options.defaultConfidence ?? 1

  const blocks: Draft[] = []
  const visited = new Set<string>()
  let formattingSeen: Path | undefined
  let formattingCount = 0

  const resolve = (ref: unknown, from: Path): Item | undefined => {
    const target = isObject(ref) && typeof ref.$ref === 'string' ? ref.$ref : undefined
    const match = target === undefined ? null : /^#\/([a-z_]+)\/(\d+)$/.exec(target)
    const collection = match?.[1] as Collection | undefined
    const array = collection && (COLLECTIONS as readonly string[]).includes(collection) ? json[collection] : undefined
    const index = Number(match?.[2])
    const value = Array.isArray(array) ? array[index] : undefined
    if (!collection || !isObject(value)) {
      warnings.add('unresolved_ref', from, `reference ${JSON.stringify(target ?? ref)} points at no item; skipped`)
      return undefined
    }
    return {collection, index, value, path: [collection, index]}
  }

  /** The item's boxes, one per provenance entry, normalized; entries on unknown pages are warned. */
  type Placed = {page: number; bbox: Box; charspan: unknown; prov: number}
  // An item's boxes are read (and their problems warned) once, however often they are asked for.
  const boxCache = new Map<string, Placed[]>()
  const boxesOf = (item: Item): Placed[] => {
    const key = `${item.collection}/${item.index}`
    let boxes = boxCache.get(key)
    if (!boxes) boxCache.set(key, (boxes = readBoxes(item)))
    return boxes
  }
  const readBoxes = (item: Item): Placed[] => {
    const prov = Array.isArray(item.value.prov) ? item.value.prov : []
    return prov.flatMap((entry: unknown, index) => {
      const path = [...item.path, 'prov', index]
      const box = isObject(entry) && isObject(entry.bbox) ? entry.bbox : undefined
      const page = isObject(entry) ? entry.page_no : undefined
      const size = typeof page === 'number' ? pages.sizes[page - 1] : undefined
      if (!box || !size || !pages.known.has(page as number)) {
        warnings.add('invalid_provenance', path, `provenance entry without a box on a known page (page ${JSON.stringify(page)}); skipped`)
        return []
      }
      const {l, t, r, b} = box
      if (![l, t, r, b].every(isFiniteNumber)) {
        warnings.add('invalid_provenance', [...path, 'bbox'], 'box with a non-numeric side; skipped')
        return []
      }
      const [width, height] = size.points
      // BOTTOMLEFT (PDF's own) puts y upward: t is the larger value; TOPLEFT is already the model's way.
      const topLeft = box.coord_origin === 'TOPLEFT'
      const corners: Box = topLeft
        ? [l as number, t as number, r as number, b as number]
        : [l as number, height - (t as number), r as number, height - (b as number)]
      return [
        {
          page: page as number,
          bbox: normalizeBox(corners, width, height, warnings, [...path, 'bbox']),
          charspan: (entry as Json).charspan,
          prov: index
        }
      ]
    })
  }

  const common = (item: Item, id: string, page: number, bbox: Box, source: TextSource = textSource) => ({
    id,
    page,
    bbox,
    bbox_units: 'normalized' as const,
    ...provenance(source, confidence)
  })

  const idOf = (item: Item, part = 0) => `${item.collection}/${item.index}` + (part > 0 ? `@${part}` : '')

  const noteFormatting = (item: Item) => {
    if (item.value.formatting !== undefined && item.value.formatting !== null) {
      formattingSeen ??= [...item.path, 'formatting']
      formattingCount++
    }
    if (typeof item.value.hyperlink === 'string')
      warnings.add(
        'hyperlink_dropped',
        [...item.path, 'hyperlink'],
        `the link target ${JSON.stringify(item.value.hyperlink.slice(0, 120))} has no place in the model; the text is kept`
      )
  }

  const textOf = (item: Item): string => {
    const text = typeof item.value.text === 'string' ? item.value.text : ''
    const orig = typeof item.value.orig === 'string' ? item.value.orig : ''
    return text === '' ? orig : text
  }

  /** A text item: one block per provenance entry, its text cut by the entries' character spans when they tile it. */
  const emitText = (item: Item) => {
    noteFormatting(item)
    const label = String(item.value.label)
    const layer = item.value.content_layer
    let mapping = TEXT_LABELS[label]
    if (!mapping) {
      warnings.add('unknown_label', [...item.path, 'label'], `label ${JSON.stringify(label)} has no block type; imported as a paragraph`)
      mapping = {type: 'paragraph', role: label}
    }
    const text = textOf(item)
    const boxes = boxesOf(item)
    if (boxes.length === 0) {
      warnings.add(
        'no_position',
        item.path,
        `${label} without a usable provenance (no page, no box): not carried over (${JSON.stringify(text.slice(0, 80))})`
      )
      return
    }
    const parts = splitBySpans(
      text,
      boxes.map((box) => box.charspan)
    )
    if (!parts && boxes.length > 1)
      warnings.add(
        'text_not_split',
        [...item.path, 'prov'],
        'the character spans do not tile the text; all of it goes to the first box, the other boxes are merged into it per page'
      )
    const segments = parts ? mergeColumns(boxes.map((box, index) => ({...box, text: parts[index]!}))) : mergePerPage(boxes, text)
    segments.forEach((segment, part) => {
      let {type, role} = mapping
      if (layer === 'furniture' && type !== 'page_header' && type !== 'page_footer') {
        // Furniture that is not labelled header or footer (a margin note, a stamp) is placed by where it sits.
        role = label
        type = (segment.bbox[1] + segment.bbox[3]) / 2 < 0.5 ? 'page_header' : 'page_footer'
      } else if (layer === 'notes') {
        role = 'notes'
        type = 'footnote'
      } else if (label === 'section_header') {
        type = 'heading'
        role = Number(item.value.level) >= 2 ? 'subsection' : 'section'
      }
      const base = common(item, idOf(item, part), segment.page, segment.bbox)
      if (type === 'formula') {
        // The latex is the model's when docling rewrote the text layer (its formula enrichment), else the text layer's characters.
        const rewritten = typeof item.value.orig === 'string' && item.value.orig !== segment.text && item.value.text !== ''
        blocks.push({...base, ...provenance(rewritten ? 'inferred' : textSource, confidence), type, latex: segment.text})
      } else if (type === 'code') {
        const language =
          typeof item.value.code_language === 'string' && item.value.code_language !== 'unknown' ? item.value.code_language : undefined
        blocks.push({...base, type, text: segment.text, ...(language ? {language: language.toLowerCase()} : {})})
      } else blocks.push({...base, type, ...(role ? {role} : {}), text: segment.text})
    })
  }

  /** A list group: its items (nested lists indented) as one list block per run of items on one page. */
  const emitList = (group: Item) => {
    const lines: Array<{page: number; bbox: Box; line: string}> = []
    const after: Item[] = []
    const walkList = (list: Item, depth: number) => {
      visited.add(idOf(list))
      const children = Array.isArray(list.value.children) ? list.value.children : []
      let number = 0
      children.forEach((ref: unknown, index) => {
        const child = resolve(ref, [...list.path, 'children', index])
        if (!child || visited.has(idOf(child))) return
        if (child.collection === 'groups' && isListGroup(child.value)) return walkList(child, depth + 1)
        if (child.collection !== 'texts') return after.push(child)
        visited.add(idOf(child))
        noteFormatting(child)
        number++
        const marker = list.value.label === 'ordered_list' || child.value.enumerated === true ? enumerator(child.value.marker, number) : '-'
        const text = textOf(child).replace(/[\r\n]+/g, ' ')
        const boxes = boxesOf(child)
        if (boxes.length === 0)
          warnings.add(
            'no_position',
            child.path,
            `list item without a usable provenance: not carried over (${JSON.stringify(text.slice(0, 80))})`
          )
        else
          lines.push({
            page: boxes[0]!.page,
            bbox: unionBox(boxes.filter((b) => b.page === boxes[0]!.page).map((b) => b.bbox)),
            line: `${'  '.repeat(depth)}${marker} ${text}`
          })
        // A list item's own children (a nested list under it) follow it.
        const nested = Array.isArray(child.value.children) ? child.value.children : []
        nested.forEach((ref: unknown, j) => {
          const sub = resolve(ref, [...child.path, 'children', j])
          if (sub && !visited.has(idOf(sub))) {
            if (sub.collection === 'groups' && isListGroup(sub.value)) walkList(sub, depth + 1)
            else after.push(sub)
          }
        })
      })
    }
    walkList(group, 0)
    let part = 0
    for (let start = 0; start < lines.length;) {
      let end = start
      while (end < lines.length && lines[end]!.page === lines[start]!.page) end++
      const run = lines.slice(start, end)
      blocks.push({
        ...common(group, idOf(group, part++), run[0]!.page, unionBox(run.map((line) => line.bbox))),
        type: 'list',
        text: run.map((line) => line.line).join('\n')
      })
      start = end
    }
    for (const item of after) visit(item)
  }

  const emitTable = (item: Item) => {
    const boxes = boxesOf(item)
    const first = boxes[0]
    if (!first) {
      warnings.add('no_position', item.path, 'table without a usable provenance: not carried over')
      return
    }
    if (boxes.length > 1)
      warnings.add('table_split', [...item.path, 'prov'], `the table spans ${boxes.length} boxes; it is placed at the first`)
    const data = isObject(item.value.data) ? item.value.data : {}
    const {headers, rows} = tableGrid(data, [...item.path, 'data'], warnings)
    blocks.push({...common(item, idOf(item), first.page, first.bbox, 'derived'), type: 'table', headers, rows})
  }

  const emitPicture = (item: Item) => {
    const boxes = boxesOf(item)
    const first = boxes[0]
    if (!first) {
      warnings.add('no_position', item.path, 'picture without a usable provenance: not carried over')
      return
    }
    // Texts inside a figure (axis labels, callouts) are the picture's own text, not the body's.
    const inner: string[] = []
    const children = Array.isArray(item.value.children) ? item.value.children : []
    const later: Item[] = []
    const referenced = captionRefs(item.value)
    children.forEach((ref: unknown, index) => {
      const child = resolve(ref, [...item.path, 'children', index])
      if (!child || visited.has(idOf(child)) || referenced.has(`#/${child.collection}/${child.index}`)) return
      if (child.collection === 'texts' && child.value.label !== 'caption' && child.value.label !== 'footnote') {
        visited.add(idOf(child))
        inner.push(textOf(child))
      } else later.push(child)
    })
    const image = isObject(item.value.image) && typeof item.value.image.uri === 'string' ? item.value.image.uri : undefined
    const dataUri = image === undefined ? null : /^data:image\/[a-z+.-]+;base64,(.*)$/is.exec(image)
    const source = dataUri ? {image_b64: dataUri[1]!} : image !== undefined && /^https?:\/\//i.test(image) ? {url: image} : {image_b64: ''}
    if (source.image_b64 === '')
      warnings.add(
        'image_bytes_absent',
        item.path,
        'the picture carries no image bytes (docling stores them only when asked, `generate_picture_images`); image_b64 is empty'
      )
    const {imageType, alt} = pictureMeta(item, warnings)
    blocks.push({
      ...common(item, idOf(item), first.page, first.bbox, 'derived'),
      type: 'image',
      ...source,
      ...(alt ? {alt} : {}),
      ...(imageType ? {image_type: imageType} : {}),
      ...(inner.length > 0 ? {embedded_text: inner.join('\n')} : {})
    })
    for (const child of later) visit(child)
  }

  /** Captions before or after their table or picture, as they sit on the page; footnotes after. */
  const withCaptions = (item: Item, emit: (item: Item) => void) => {
    const refs = (key: string) =>
      (Array.isArray(item.value[key]) ? (item.value[key] as unknown[]) : [])
        .map((ref, index) => resolve(ref, [...item.path, key, index]))
        .filter((child): child is Item => child !== undefined && !visited.has(idOf(child)))
    const own = boxesOf(item).at(0)
    const captions = refs('captions')
    const above = captions.filter((caption) => {
      const box = boxesOf(caption)[0]
      return own && box && box.page === own.page && box.bbox[1] < own.bbox[1]
    })
    for (const caption of above) visit(caption)
    emit(item)
    for (const caption of captions) visit(caption)
    for (const footnote of refs('footnotes')) visit(footnote)
  }

  const visit = (item: Item) => {
    const key = idOf(item)
    if (visited.has(key)) return
    visited.add(key)
    const {collection, value} = item
    if (collection === 'texts') {
      if (value.label === 'list_item') {
        // A list item outside a list group is a list of one.
        const boxes = boxesOf(item)
        noteFormatting(item)
        if (boxes.length === 0) return warnings.add('no_position', item.path, 'list item without a usable provenance: not carried over')
        const marker = value.enumerated === true ? enumerator(value.marker, 1) : '-'
        blocks.push({
          ...common(item, key, boxes[0]!.page, boxes[0]!.bbox),
          type: 'list',
          text: `${marker} ${textOf(item).replace(/[\r\n]+/g, ' ')}`
        })
      } else emitText(item)
    } else if (collection === 'tables') withCaptions(item, emitTable)
    else if (collection === 'pictures') withCaptions(item, emitPicture)
    else if (collection === 'groups' && isListGroup(value)) {
      visited.delete(key)
      emitList(item)
      return
    } else if (collection === 'key_value_items' || collection === 'form_items')
      warnings.add(
        'key_value_not_carried',
        item.path,
        `${collection} has no counterpart in the model (its texts, if any, are imported as blocks)`
      )
    // Children follow their parent (groups are only containers; a table's children are its captions).
    const children = Array.isArray(value.children) ? value.children : []
    children.forEach((ref: unknown, index) => {
      const child = resolve(ref, [...item.path, 'children', index])
      if (child) visit(child)
    })
  }

  const walkTrees = () => {
    for (const root of ['body', 'furniture'] as const) {
      const node = json[root]
      if (!isObject(node)) continue
      const children = Array.isArray(node.children) ? node.children : []
      children.forEach((ref: unknown, index) => {
        const child = resolve(ref, [root, 'children', index])
        if (child) visit(child)
      })
    }
    // Items no tree reaches would be lost: they are appended in their array order.
    for (const collection of ['texts', 'tables', 'pictures'] as const) {
      const array = Array.isArray(json[collection]) ? (json[collection] as unknown[]) : []
      array.forEach((value, index) => {
        if (!isObject(value) || visited.has(`${collection}/${index}`)) return
        warnings.add(
          'unreachable_item',
          [collection, index],
          'no tree (body, furniture) reaches this item; appended at the end of its page'
        )
        visit({collection, index, value, path: [collection, index]})
      })
    }
  }
  try {
    walkTrees()
  } catch (error) {
    // A tree nested past the call stack (thousands of levels; real documents have a handful) is refused, not a crash.
    if (error instanceof RangeError) throw invalidInput('DoclingDocument', ['body'], 'the item tree is nested too deeply to import')
    throw error
  }
  if (formattingSeen)
    warnings.add(
      'formatting_dropped',
      formattingSeen,
      `${formattingCount} item(s) carry inline formatting (bold, italic, …), which the model has no place for; their text is kept`
    )

  return assemble(
    {
      kind,
      filename:
        typeof origin.filename === 'string' && origin.filename !== ''
          ? origin.filename
          : typeof json.name === 'string' && json.name !== ''
            ? json.name
            : 'document',
      pageSizes: pages.sizes.map((size) => size.inches),
      model: `docling (${String(json.schema_name ?? 'DoclingDocument')} ${String(json.version ?? '?')})`,
      blocks,
      source: json
    },
    options,
    warnings
  )

  function pageSizes(doc: Json) {
    const entries = isObject(doc.pages) ? Object.entries(doc.pages) : []
    const known = new Map<number, [number, number]>()
    for (const [key, page] of entries) {
      const size = isObject(page) && isObject(page.size) ? page.size : undefined
      const number = isObject(page) && Number.isInteger(page.page_no) ? (page.page_no as number) : Number(key)
      if (
        !size ||
        !isFiniteNumber(size.width) ||
        !isFiniteNumber(size.height) ||
        size.width <= 0 ||
        size.height <= 0 ||
        !(number >= 1 && Number.isInteger(number))
      )
        throw invalidInput('DoclingDocument', ['pages', key], 'expected a page with page_no ≥ 1 and a positive size {width, height}')
      known.set(number, [size.width, size.height])
    }
    if (known.size === 0)
      throw invalidInput(
        'DoclingDocument',
        ['pages'],
        'the document has no pages (docling keeps none for formats without layout: DOCX, HTML, Markdown); nothing can be placed'
      )
    const count = maxOf(known.keys())
    checkPageCount(count, 'DoclingDocument', ['pages'])
    // A page docling left out still counts; it takes the size of the nearest page before it (or the first).
    let last = known.get(minOf(known.keys()))!
    const sizes = Array.from({length: count}, (_, index) => {
      const points = known.get(index + 1) ?? last
      if (!known.has(index + 1))
        warnings.add('page_missing', ['pages'], `page ${index + 1} is not listed; it takes the size of a neighbour`)
      last = points
      // DoclingDocument sizes are PDF points (72 per inch); for images docling counts a pixel as a point.
      return {points, inches: [points[0] / 72, points[1] / 72] as [number, number]}
    })
    return {sizes, known: new Set(known.keys())}
  }
}

const isListGroup = (value: Json) => value.label === 'list' || value.label === 'ordered_list'

/** The `$ref`s of an owner's captions and footnotes, gathered once (a lookup per child, not a scan). */
function captionRefs(owner: Json): Set<string> {
  const refs = new Set<string>()
  for (const key of ['captions', 'footnotes'])
    if (Array.isArray(owner[key]))
      for (const ref of owner[key] as unknown[]) if (isObject(ref) && typeof ref.$ref === 'string') refs.add(ref.$ref)
  return refs
}

/** `3.` for docling's marker when it is an enumerator the list handler reads, else the running number. */
function enumerator(marker: unknown, number: number): string {
  return typeof marker === 'string' && /^(?:\d{1,9}|[a-zA-Z])[.)]$/.test(marker.trim()) ? marker.trim() : `${number}.`
}

/**
 * The text of each provenance entry when their `charspan`s tile the text in order (docling's spans
 * are end-exclusive; the characters between two spans, a joining space, must be whitespace), else
 * `undefined`.
 */
function splitBySpans(text: string, spans: unknown[]): string[] | undefined {
  if (spans.length <= 1) return spans.length === 1 ? [text] : undefined
  const valid = spans.every(
    (span, i): span is [number, number] =>
      Array.isArray(span) &&
      Number.isInteger(span[0]) &&
      Number.isInteger(span[1]) &&
      span[1] >= span[0] &&
      (i === 0 || span[0] >= (spans[i - 1] as number[])[1]!)
  )
  if (!valid) return undefined
  const list = spans as Array<[number, number]>
  // Exact: the spans tile the text, the characters between them whitespace.
  const gaps = [
    text.slice(0, list[0]![0]),
    ...list.slice(1).map((span, i) => text.slice(list[i]![1], span[0])),
    text.slice(list.at(-1)![1])
  ]
  if (list.at(-1)![1] <= text.length && gaps.every((gap) => gap.trim() === '')) return list.map(([a, b]) => text.slice(a, b))
  return snapToSpaces(text, list)
}

/**
 * Docling's spans sometimes count a few characters more than its text keeps (a ligature or a
 * hyphen normalised away): then each cut moves to the nearest space within that many characters,
 * so no word is cut; `undefined` when a cut finds no space.
 */
function snapToSpaces(text: string, spans: number[][]): string[] | undefined {
  const slack = Math.abs(spans.at(-1)![1]! - text.length)
  if (slack > 8) return undefined
  const cuts: number[] = []
  for (const span of spans.slice(0, -1)) {
    const target = span[1]!
    let cut: number | undefined
    for (let d = 0; d <= slack + 1 && cut === undefined; d++)
      for (const at of [target - d, target + d]) if (cut === undefined && at > 0 && at < text.length && /\s/.test(text[at]!)) cut = at
    if (cut === undefined || cut <= (cuts.at(-1) ?? 0)) return undefined
    cuts.push(cut)
  }
  return [0, ...cuts].map((start, i) => text.slice(start, cuts[i] ?? text.length).trim())
}

/**
 * Consecutive parts on one page in one column (their x ranges overlap: the lines of a paragraph
 * docling boxed one by one) become one block; a part on another page or column starts a new one.
 */
function mergeColumns<T extends {page: number; bbox: Box; text: string}>(parts: T[]): T[] {
  const out: T[] = []
  for (const part of parts) {
    const last = out.at(-1)
    if (last && last.page === part.page && last.bbox[0] < part.bbox[2] && part.bbox[0] < last.bbox[2])
      out[out.length - 1] = {...last, bbox: unionBox([last.bbox, part.bbox]), text: `${last.text} ${part.text}`}
    else out.push(part)
  }
  return out
}

/** The whole text on the first box's page, in the union of that page's boxes (boxes on other pages are left, warned). */
function mergePerPage<T extends {page: number; bbox: Box}>(boxes: T[], text: string): Array<T & {text: string}> {
  const first = boxes[0]!
  const samePage = boxes.filter((box) => box.page === first.page)
  return [{...first, bbox: unionBox(samePage.map((box) => box.bbox)), text}]
}

/** A table's cells as the model's headers and rows (see the README: header rows, spans). */
function tableGrid(data: Json, path: Path, warnings: Warnings): {headers: string[]; rows: string[][]} {
  const cells = Array.isArray(data.table_cells) ? data.table_cells.filter(isObject) : []
  const numRows = Number.isInteger(data.num_rows) ? (data.num_rows as number) : 0
  const numCols = Number.isInteger(data.num_cols) ? (data.num_cols as number) : 0
  const rows = maxOf(
    cells.map((cell) => Number(cell.end_row_offset_idx) || 0),
    numRows
  )
  const cols = maxOf(
    cells.map((cell) => Number(cell.end_col_offset_idx) || 0),
    numCols
  )
  checkGrid(rows, cols, cells.length, 'DoclingDocument', path)
  const grid: string[][] = Array.from({length: rows}, () => Array.from({length: cols}, () => ''))
  // The text of the cell covering each position (a spanning cell covers several), for header names.
  const cover: Array<Array<number | undefined>> = Array.from({length: rows}, () => Array.from({length: cols}, () => undefined))
  const headerRow = Array.from({length: rows}, () => false)
  let spanAt: number | undefined
  cells.forEach((cell, index) => {
    const r0 = Number(cell.start_row_offset_idx)
    const c0 = Number(cell.start_col_offset_idx)
    const r1 = Math.max(r0 + 1, Number(cell.end_row_offset_idx) || 0)
    const c1 = Math.max(c0 + 1, Number(cell.end_col_offset_idx) || 0)
    if (!(r0 >= 0 && c0 >= 0 && r0 < rows && c0 < cols)) {
      warnings.add('cell_out_of_grid', [...path, 'table_cells', index], 'a cell outside the table grid; not carried over')
      return
    }
    const text = typeof cell.text === 'string' ? cell.text : ''
    grid[r0]![c0] = grid[r0]![c0] === '' ? text : `${grid[r0]![c0]} ${text}`
    for (let r = r0; r < Math.min(r1, rows); r++) for (let c = c0; c < Math.min(c1, cols); c++) cover[r]![c] = index
    if (cell.column_header === true) headerRow[r0] = true
    if ((r1 - r0 > 1 || c1 - c0 > 1) && spanAt === undefined && cell.column_header !== true) spanAt = index
  })
  const text = (i: number) => (typeof cells[i]!.text === 'string' ? (cells[i]!.text as string) : '')
  return gridTable({grid, cover, header: headerRow, spanAt}, {text, row: (i) => Number(cells[i]!.start_row_offset_idx)}, warnings, [
    ...path,
    'table_cells'
  ])
}

/** The picture's class (image_type) and description (alt) from docling's `meta` (1.8+) or `annotations`. */
function pictureMeta(item: Item, warnings: Warnings): {imageType?: string; alt?: string} {
  const out: {imageType?: string; alt?: string} = {}
  const meta = isObject(item.value.meta) ? item.value.meta : {}
  const classification = isObject(meta.classification) ? meta.classification : undefined
  const predictions = classification && Array.isArray(classification.predictions) ? classification.predictions.filter(isObject) : []
  const best = predictions.sort((a, b) => Number(b.confidence ?? 0) - Number(a.confidence ?? 0))[0]
  if (best && typeof best.class_name === 'string') out.imageType = best.class_name
  if (isObject(meta.description) && typeof meta.description.text === 'string') out.alt = meta.description.text
  const annotations = Array.isArray(item.value.annotations) ? item.value.annotations : []
  annotations.forEach((annotation: unknown, index) => {
    if (!isObject(annotation)) return
    if (annotation.kind === 'classification' && !out.imageType && Array.isArray(annotation.predicted_classes)) {
      const top = annotation.predicted_classes.filter(isObject)[0]
      if (top && typeof top.class_name === 'string') out.imageType = top.class_name
    } else if (annotation.kind === 'description' && !out.alt && typeof annotation.text === 'string') out.alt = annotation.text
    else
      warnings.add(
        'annotation_not_carried',
        [...item.path, 'annotations', index],
        `picture annotation of kind ${JSON.stringify(annotation.kind)} has no place in an image block`
      )
  })
  for (const key of Object.keys(meta))
    if (key !== 'classification' && key !== 'description')
      warnings.add(
        'annotation_not_carried',
        [...item.path, 'meta', key],
        `picture metadata ${JSON.stringify(key)} has no place in an image block`
      )
  return out
}
