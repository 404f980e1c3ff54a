import type {Image, RootContent} from 'mdast'
import {paragraph, phrasingText, text} from './text.js'
import type {HandlerContext, ImageBearingBlock} from './types.js'
import {isSafeResolvedUrl, isWebUrl, sniffImageType} from './urls.js'

export interface ImageSource {
  /** A URL from the document (only http/https become links). */
  url?: string | undefined
  /** Base64 bytes from the document. */
  base64?: string | undefined
  alt: string
  title?: string | undefined
  /** Text for the placeholder of a base64 image; none leaves the placeholder out. */
  placeholder?: string | undefined
}

/**
 * The mdast for an image under the options' image policy: the `resolveImage` URL first, then a
 * web `url`, then the base64 bytes as a placeholder, a `data:` URI or nothing.
 */
export function imageNodes(block: ImageBearingBlock, source: ImageSource, context: HandlerContext): RootContent[] {
  const target = imageTarget(block, source, context)
  if (target === undefined) return []
  if (target === PLACEHOLDER) return placeholder(source)
  return paragraph([imageNode(target, source)])
}

/** What `imageTarget` answers for a placeholder (a string no URL can be: URLs are never empty). */
export const PLACEHOLDER = ''

/**
 * Where the image goes under the options' image policy (warnings said on the way): the URL to
 * link, `PLACEHOLDER`, or undefined for nothing. Both render paths ask it.
 */
export function imageTarget(block: ImageBearingBlock, source: ImageSource, context: HandlerContext): string | undefined {
  const {options, warn} = context
  const resolved = options.resolveImage?.(block)
  if (resolved !== undefined) {
    if (isSafeResolvedUrl(resolved)) return resolved
    warn(
      'unsafe_image_url',
      `resolveImage returned a URL that is neither a web URL nor a relative reference: ${JSON.stringify(resolved.slice(0, 80))}`
    )
  }
  if (source.url !== undefined) {
    if (isWebUrl(source.url)) return source.url
    warn('unsafe_image_url', `image URL is not http(s) and is not linked: ${JSON.stringify(source.url.slice(0, 80))}`)
    return PLACEHOLDER
  }
  if (source.base64 === undefined || options.images === 'omit') return undefined
  if (options.images === 'embed') {
    const mime = sniffImageType(source.base64)
    if (mime) return `data:${mime};base64,${source.base64}`
    warn('image_not_embedded', 'image bytes are not a recognised raster format (PNG, JPEG, GIF, WebP, BMP, TIFF); shown as a placeholder')
  }
  return PLACEHOLDER
}

export function imageNode(url: string, {alt, title}: ImageSource): Image {
  return {
    type: 'image',
    url,
    alt: phrasingText(alt).replace(/\n/g, ' '),
    title: title === undefined || title === '' ? null : phrasingText(title).replace(/\n/g, ' ')
  }
}

function placeholder(source: ImageSource): RootContent[] {
  return source.placeholder === undefined ? [] : paragraph([{type: 'emphasis', children: [text(phrasingText(source.placeholder))]}])
}
