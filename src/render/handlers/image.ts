import type {ImageBlock} from '../../model/index.js'
import {beyondCaption} from '../figures.js'
import {textParagraphs} from '../text.js'
import type {Handler} from '../types.js'
import {imageNodes} from '../images.js'

/**
 * `![alt](url "caption")` for web URLs; base64 images follow the `images` option (a placeholder
 * `*Image: alt — caption*` by default). With the `embeddedText` option, `embedded_text` follows as
 * a paragraph. Next to the caption block of the same figure (`context.figureCaption`), the
 * caption is written once, by that block: the image keeps only what its own texts say beyond it
 * (after `…`).
 */
export const image: Handler<ImageBlock> = (block, context) => {
  const figure = context.figureCaption
  const caption = beyondCaption(block.caption, figure)
  const alt = beyondCaption(block.alt, figure)
  const label = [alt, caption].filter((part) => part !== undefined && part.trim() !== '').join(' — ')
  const nodes = imageNodes(
    block,
    {
      url: block.url,
      base64: block.image_b64,
      alt: (figure !== undefined && alt === '' ? undefined : alt) ?? caption ?? '',
      title: caption,
      placeholder: label === '' ? 'Image' : `Image: ${label}`
    },
    context
  )
  const embedded = context.options.embeddedText ? beyondCaption(block.embedded_text, figure, false) : undefined
  return embedded ? [...nodes, ...textParagraphs(`Text in image: ${embedded}`)] : nodes
}
