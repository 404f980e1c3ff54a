import type {Block} from '../model/index.js'
import {sniffImageType} from '../render/urls.js'

const str = (value: unknown) => (typeof value === 'string' ? value : '')

/** The first part of a block's text, for tooltips and the block list: its text, cells, labels, LaTeX or alt text. */
export function blockText(block: Block, max = 400): string {
  const b = block as Record<string, unknown>
  if (typeof b.text === 'string') return b.text.slice(0, max)
  const parts: string[] = []
  let length = 0
  const add = (value: unknown) => {
    if (length >= max || typeof value !== 'string' || value === '') return
    parts.push(value.slice(0, max))
    length += Math.min(value.length, max) + 1
  }
  switch (block.type) {
    case 'table':
      for (const cell of Array.isArray(b.headers) ? b.headers : []) add(cell)
      for (const row of Array.isArray(b.rows) ? b.rows : []) {
        if (length >= max) break
        for (const cell of Array.isArray(row) ? row : []) add(cell)
      }
      break
    case 'image':
      add(b.alt)
      add(b.caption)
      add(b.embedded_text)
      if (parts.length === 0) add(str(b.url))
      break
    case 'diagram':
      for (const node of Array.isArray(b.nodes) ? b.nodes : []) {
        if (length >= max) break
        add((node as {label?: unknown})?.label ?? (node as {id?: unknown})?.id)
      }
      break
    case 'chart':
      add(b.title)
      add(b.chart_type)
      break
    case 'formula':
      add(b.latex)
      break
  }
  return parts.join(' ').slice(0, max)
}

/** Raster formats a browser draws; anything else (SVG above all: it can carry script) is never drawn. */
const drawable = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])
const base64 = /^[A-Za-z0-9+/]*={0,2}$/

/** A `data:` URL for base64 bytes whose sniffed format is a drawable raster, else `undefined`. */
export function rasterDataUrl(payload: unknown): string | undefined {
  if (typeof payload !== 'string' || payload === '') return undefined
  const compact = payload.includes('\n') || payload.includes('\r') || payload.includes(' ') ? payload.replace(/[\r\n ]/g, '') : payload
  if (!base64.test(compact)) return undefined
  const mime = sniffImageType(compact)
  return mime && drawable.has(mime) ? `data:${mime};base64,${compact}` : undefined
}

/** The raster image a block carries, if any: an image's `image_b64`, a diagram's or chart's, a formula's rendering. */
export function blockImage(block: Block): string | undefined {
  const b = block as Record<string, unknown>
  return rasterDataUrl(b.image_b64 ?? b.rendered_image_b64)
}

/** A page render as a `data:` URL: bytes or a `data:` URL of a drawable raster; anything else is refused (`undefined`). */
export function pageImageUrl(image: string | Uint8Array): string | undefined {
  if (typeof image === 'string') {
    const match = /^data:image\/[a-z+.-]+;base64,/i.exec(image)
    return match ? rasterDataUrl(image.slice(match[0].length)) : undefined
  }
  if (!(image instanceof Uint8Array)) return undefined
  return rasterDataUrl(Buffer.from(image.buffer, image.byteOffset, image.byteLength).toString('base64'))
}
