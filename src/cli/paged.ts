import type {Mode} from '../model/shared.js'
import type {Page} from '../model/index.js'
import {type PagesAt, readPages, scanPages} from '../parse/pages.js'
import {pagedVerdicts} from '../parse/parse.js'
import type {Input} from './io.js'
import {type Kind, kindOf} from './input.js'

/** A document (or a job's document) whose pages are read one at a time from the input's bytes. */
export interface PagedDocument {
  kind: Kind
  /** How many pages the document's array holds. */
  count: number
  /** The page at `position` in the array, parsed again (it was validated when first read). */
  read(position: number): Page
}

/**
 * The input's document read page by page (see `readPages`), so that the whole parsed document is
 * never held: the outline and every page are parsed and validated once here, `visit` seeing each
 * valid page in the array's order; `read` then gives a page again. Undefined when the input is to
 * be read whole: strict mode (its warnings look across pages), text the scan declines (not a JSON
 * object, not UTF-8, a job without a document), and anything invalid, whose issues the whole read
 * then reports in the same words, with the same exit code. The input's bytes are kept, not taken.
 */
export function readPagedInput(
  input: Input,
  mode: Mode,
  kind: Kind | undefined,
  visit: (page: Page, position: number) => void
): PagedDocument | undefined {
  if (mode !== 'lenient') return undefined
  const bytes = input.bytes
  const scan = scanPages(bytes)
  if (scan === undefined) return undefined
  // The kind, when not given, is what the top-level keys say; the outline has them all.
  let subject: Kind | undefined
  let paged: ReturnType<typeof readPages>
  for (const at of ['job', 'document'] as PagesAt[]) {
    if (kind !== undefined && kind !== at) continue
    paged = readPages(bytes, at, scan)
    if (paged === undefined) continue
    subject = kind ?? kindOf(paged.outline)
    if (subject === at) break
    paged = undefined
  }
  if (paged === undefined || subject === undefined) return undefined
  const valid = pagedVerdicts(subject)
  if (!valid.outline(paged.outline)) return undefined
  for (let position = 0; position < paged.count; position++) {
    const page = paged.page(position)
    if (page === undefined || !valid.page(page)) return undefined
    visit(page as Page, position)
  }
  const pages = paged
  return {
    kind: subject,
    count: pages.count,
    read(position) {
      const page = pages.page(position)
      if (page === undefined) throw new Error(`page ${position} of ${input.name} could be read once, not twice`)
      return page as Page
    }
  }
}
