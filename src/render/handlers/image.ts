import type {ImageBlock} from '../../model/index.js'
import {beyondCaption} from '../figures.js'
import {textParagraphs} from '../text.js'
import type {Handler, HandlerContext} from '../types.js'
import {type ImageSource, imageNodes} from '../images.js'

/**
 * `![alt](url "caption")` for web URLs; base64 images follow the `images` option (a placeholder
 * `*Image: alt — caption*` by default). With the `embeddedText` option, `embedded_text` follows as
 * a paragraph. Next to the caption block of the same figure (`context.figureCaption`), the
 * caption is written once, by that block: the image keeps only what its own texts say beyond it
 * (after `…`).
 */
export const image: Handler<ImageBlock> = (block, context) => {
  const {source, embedded} = imageParts(block, context)
  const nodes = imageNodes(block, source, context)
  return embedded ? [...nodes, ...textParagraphs(embedded)] : nodes
}

/** What an image block shows (the direct writer's too): the image's source, and the text of its embedded-text paragraph (if any). */
export function imageParts(block: ImageBlock, context: HandlerContext): {source: ImageSource; embedded: string | undefined} {
  const figure = context.figureCaption
  const caption = beyondCaption(block.caption, figure)
  const alt = beyondCaption(block.alt, figure)
  const label = [alt, caption].filter((part) => part !== undefined && part.trim() !== '').join(' — ')
  const source: ImageSource = {
    url: block.url,
    base64: block.image_b64,
    alt: (figure !== undefined && alt === '' ? undefined : alt) ?? caption ?? '',
    title: caption,
    placeholder: label === '' ? 'Image' : `Image: ${label}`
  }
  const embedded = context.options.embeddedText ? beyondCaption(block.embedded_text, figure, false) : undefined
  return {source, embedded: embedded ? `Text in image: ${embedded}` : undefined}
}
