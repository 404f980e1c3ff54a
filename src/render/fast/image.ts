import type {Image, Parents} from 'mdast'
import {type Handle, type Info, type State, defaultHandlers} from 'mdast-util-to-markdown'
import {inConstructs} from './constructs.js'
import {safeText} from './text.js'

/**
 * The stock `image` handler (`![alt](url "title")`) with the fast text path for its alt, URL
 * and title, and without position tracking. Same bytes (the differential property test checks it).
 */
export const image: Handle = Object.assign(
  (node: Image, parent: Parents | undefined, state: State, info: Info): string => {
    const quote = state.options.quote ?? '"'
    // The stock handler says what is wrong with another quote.
    if (quote !== '"' && quote !== "'") return defaultHandlers.image(node, parent, state, info)
    const at = {now: info.now, lineShift: info.lineShift}
    return inConstructs(state, ['image'], () => {
      let value = '!['
      value += inConstructs(state, ['label'], () => safeText(node.alt ?? '', state, {...at, before: value, after: ']'}))
      value += ']('
      const url = node.url
      if ((!url && node.title) || /[\0- \u007F]/.test(url)) {
        value += '<'
        value += inConstructs(state, ['destinationLiteral'], () => safeText(url, state, {...at, before: value, after: '>'}))
        value += '>'
      } else {
        const after = node.title ? ' ' : ')'
        value += inConstructs(state, ['destinationRaw'], () => safeText(url, state, {...at, before: value, after}))
      }
      if (node.title) {
        value += ' ' + quote
        const title = node.title
        value += inConstructs(state, [quote === '"' ? 'titleQuote' : 'titleApostrophe'], () =>
          safeText(title, state, {...at, before: value, after: quote})
        )
        value += quote
      }
      return value + ')'
    })
  },
  // What a phrasing container asks for to learn the first character.
  {peek: () => '!'}
)
