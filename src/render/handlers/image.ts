import type {ImageBlock} from '../../model/index.js'
import {textParagraphs} from '../text.js'
import type {Handler} from '../types.js'
import {imageNodes} from '../images.js'

/**
 * `![alt](url "caption")` for web URLs; base64 images follow the `images` option (a placeholder
 * `*Image: alt — caption*` by default). `embedded_text` follows as a paragraph.
 */
export const image: Handler<ImageBlock> = (block, context) => {
  const label = [block.alt, block.caption].filter((part) => part !== undefined && part.trim() !== '').join(' — ')
  const nodes = imageNodes(
    block,
    {
      url: block.url,
      base64: block.image_b64,
      alt: block.alt ?? block.caption ?? '',
      title: block.caption,
      placeholder: label === '' ? 'Image' : `Image: ${label}`
    },
    context
  )
  const embedded = context.options.embeddedText && block.embedded_text ? textParagraphs(`Text in image: ${block.embedded_text}`) : []
  return [...nodes, ...embedded]
}
