// The page's only style sheet and script: constants, so the Content-Security-Policy can allow
// exactly them by hash and nothing else.
import {createHash} from 'node:crypto'
import {confidenceBands, textSourceColors, typeColors, unknownTypeColor} from './colors.js'

const palette = [...new Set([...Object.values(typeColors), unknownTypeColor, ...Object.values(textSourceColors), ...confidenceBands.map(([, c]) => c)])]

/** The class that paints a block, or a legend or list swatch, in a palette colour (no inline styles: the CSP forbids them). */
export const swatchClass = (color: string) => `c-${color.slice(1)}`

/** The rules a page SVG needs: its own `<style>` when standalone, part of the page's style sheet in the HTML. */
export const SVG_STYLE = `.block{fill-opacity:.16;stroke-width:1.2px}
.block.low{stroke-width:2.5px}
.block.inferred{stroke-dasharray:5 3}
.order-path{fill:none;stroke:#37474f;stroke-width:.8px;stroke-opacity:.55}
.om circle{fill:#263238;fill-opacity:.85}
.om text{fill:#fff;font:7.5px sans-serif;text-anchor:middle;dominant-baseline:central}
.om text.small{font-size:5.5px}
.lbl{font:6.5px sans-serif;fill:#1d2733;fill-opacity:.8;pointer-events:none}
.words{font:6px sans-serif;fill:#1d2733;pointer-events:none}
.lbl+.words-box .first{fill-opacity:.9}
${palette.map((color) => `.${swatchClass(color)}{background:${color};fill:${color};stroke:${color}}`).join('\n')}`

export const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;background:#eef1f5}
header{padding:12px 20px;background:#fff;border-bottom:1px solid #d5dbe3}
h1{font-size:18px;margin:0 0 6px}
h2{font-size:14px;margin:0 0 6px}
.summary{display:flex;flex-wrap:wrap;gap:4px 18px;margin:0}
.summary div{display:flex;gap:6px}
.summary dt{color:#5b6b7c}
.summary dd{margin:0;font-weight:600}
details{margin-top:6px}
details ul{margin:4px 0;padding-left:20px;max-height:160px;overflow:auto;font-size:12px}
code{font-size:12px}
.toolbar{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:4px 20px;padding:6px 20px;font-size:12px;background:#f8fafc;border-bottom:1px solid #d5dbe3}
.toolbar fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:2px 10px;align-items:center}
.toolbar legend{float:left;font-weight:600;margin-right:6px}
.toolbar label{white-space:nowrap}
.legend{display:flex;flex-wrap:wrap;gap:2px 12px;align-items:center}
.legend span{white-space:nowrap}
.sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.mark{vertical-align:-2px;margin-right:4px}
main{display:flex;align-items:flex-start;gap:16px;padding:16px 20px}
.pages{flex:1 1 auto;min-width:0;display:flex;flex-direction:column;gap:16px;align-items:center}
.page{width:100%;max-width:820px;content-visibility:auto;contain-intrinsic-size:auto 1000px}
.page h2{color:#5b6b7c;font-weight:500}
.page.failed h2{color:#c62828}
.page-svg{display:block;width:100%;height:auto;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.18)}
${SVG_STYLE}
.block{cursor:pointer}
.block:hover,.block:focus{fill-opacity:.32;outline:none}
.block.selected{fill-opacity:.38;stroke:#d500f9;stroke-width:3.5px}
.blk.filtered,.om.filtered,.item.filtered{display:none}
aside{flex:0 0 360px;position:sticky;top:52px;max-height:calc(100vh - 68px);overflow:auto;background:#fff;border:1px solid #d5dbe3;border-radius:6px;padding:10px}
aside ol{list-style:none;margin:0;padding:0}
.group{content-visibility:auto;contain-intrinsic-size:auto 600px}
.group h3{font-size:12px;color:#5b6b7c;margin:8px 0 2px}
.item button{display:flex;gap:6px;width:100%;text-align:left;border:0;border-radius:4px;background:none;padding:3px 4px;font:inherit;font-size:12px;color:inherit;cursor:pointer}
.item button:hover{background:#eef1f5}
.item.selected button{background:#f3d6fb;outline:2px solid #d500f9}
.item .n{flex:0 0 26px;text-align:right;color:#5b6b7c}
.item .sw{flex:0 0 11px;margin:3px 0 0}
.item .meta{flex:0 0 auto;color:#5b6b7c}
.item .text{flex:1 1 auto;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.item.low .meta{color:#c62828;font-weight:600}
.item.inferred .text{font-style:italic}
@media (max-width:900px){main{flex-direction:column;align-items:stretch}aside{position:static;flex:none;max-height:60vh}}
#tip{position:fixed;z-index:5;max-width:420px;padding:6px 8px;border-radius:4px;background:#1d2733;color:#fff;font-size:12px;white-space:pre-wrap;pointer-events:none}
`

export const SCRIPT = `(() => {
  'use strict'
  const byId = (id) => document.getElementById(id)
  const tip = byId('tip')
  const hidden = {type: new Set(), source: new Set()}
  let selected = null

  // Lazy pages and list groups keep their markup as inert text until they come near the view.
  function draw(container) {
    const source = container && container.querySelector('script[type^="text/x-docmodel-"]')
    if (!source) return
    const template = document.createElement('template')
    template.innerHTML = source.textContent
    if (container.classList.contains('page')) container.querySelector('.placeholder').replaceWith(template.content)
    else {
      const list = container.querySelector('ol')
      list.style.height = ''
      list.append(template.content)
    }
    source.remove()
    container.classList.remove('lazy')
    applyFilters(container)
  }
  // An empty group holds the place of its entries, so the list scrolls as if they were there.
  for (const group of document.querySelectorAll('.group.lazy')) group.querySelector('ol').style.height = group.dataset.count * 21 + 'px'
  const watch = (selector, root, margin) => {
    if (!('IntersectionObserver' in window)) return document.querySelectorAll(selector).forEach(draw)
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target) }
    }, {root, rootMargin: margin})
    for (const el of document.querySelectorAll(selector)) observer.observe(el)
  }
  watch('.page.lazy', null, '1500px 0px')
  watch('.group.lazy', document.querySelector('aside'), '800px 0px')

  function select(key, from) {
    const page = key.split('-')[0]
    draw(byId('page-' + page))
    draw(byId('group-' + page))
    const block = byId('blk-' + key)
    const item = byId('item-' + key)
    if (selected) for (const el of selected) el.classList.remove('selected')
    selected = [block, item].filter(Boolean)
    for (const el of selected) el.classList.add('selected')
    if (from === 'list' && block) block.scrollIntoView({block: 'center'})
    if (from === 'page' && item) item.scrollIntoView({block: 'nearest'})
  }
  const keyOf = (el) => el.id.replace(/^(blk|item)-/, '')

  const pages = document.querySelector('.pages')
  pages.addEventListener('click', (event) => {
    const block = event.target.closest && event.target.closest('.block')
    if (block) select(keyOf(block), 'page')
  })
  pages.addEventListener('keydown', (event) => {
    const block = event.target.closest && event.target.closest('.block')
    if (block && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); select(keyOf(block), 'page') }
  })
  document.querySelector('.block-list').addEventListener('click', (event) => {
    const item = event.target.closest('.item')
    if (item) select(keyOf(item), 'list')
  })

  pages.addEventListener('mouseover', (event) => {
    const block = event.target.closest && event.target.closest('.block')
    if (!block) return
    tip.textContent = block.querySelector('title').textContent
    tip.hidden = false
  })
  pages.addEventListener('mousemove', (event) => {
    if (tip.hidden) return
    tip.style.left = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 4) + 'px'
    tip.style.top = Math.min(event.clientY + 14, window.innerHeight - tip.offsetHeight - 4) + 'px'
  })
  pages.addEventListener('mouseout', (event) => {
    if (event.target.closest && event.target.closest('.block')) tip.hidden = true
  })

  function applyFilters(root) {
    for (const block of root.querySelectorAll('.block, .item')) {
      const out = hidden.type.has(block.dataset.type) || hidden.source.has(block.dataset.textSource)
      const group = block.classList.contains('item') ? block : block.parentNode
      group.classList.toggle('filtered', out)
      const mark = block.classList.contains('block') && byId('ord-' + keyOf(block))
      if (mark) mark.classList.toggle('filtered', out)
    }
  }
  for (const box of document.querySelectorAll('input[data-filter]')) {
    box.addEventListener('change', () => {
      const set = hidden[box.dataset.filter]
      if (box.checked) set.delete(box.value)
      else set.add(box.value)
      applyFilters(document)
    })
  }
})()
`

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

/**
 * The policy: nothing may be fetched, framed, submitted or navigated to; only this page's own
 * style sheet and script run (by hash), and images only from `data:` URLs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(SCRIPT)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'"
].join('; ')
