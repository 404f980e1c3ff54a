/** Whether a URL from the document may become a link target: only `http:` and `https:`. */
export function isWebUrl(url: string): boolean {
  try {
    const {protocol} = new URL(url)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * Whether a URL returned by the caller's `resolveImage` may be used: a web URL, or a relative
 * reference (no scheme), such as the path of an asset the pipeline wrote.
 */
export function isSafeResolvedUrl(url: string): boolean {
  if (isWebUrl(url)) return true
  return url !== '' && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url) && !/[\u0000-\u001f]/.test(url)
}

const signatures: Array<[string, (bytes: Uint8Array) => boolean]> = [
  ['image/png', (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38],
  ['image/webp', (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP'],
  ['image/bmp', (b) => b[0] === 0x42 && b[1] === 0x4d],
  ['image/tiff', (b) => (ascii(b, 0, 2) === 'II' && b[2] === 42 && b[3] === 0) || (ascii(b, 0, 2) === 'MM' && b[2] === 0 && b[3] === 42)]
]

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to))
}

/**
 * The MIME type of base64 image bytes, sniffed from their signature; only raster formats are
 * recognised (an SVG can carry script, so it is never embedded).
 */
export function sniffImageType(base64: string): string | undefined {
  let head: Uint8Array
  try {
    head = Uint8Array.from(atob(base64.slice(0, 24)), (c) => c.charCodeAt(0))
  } catch {
    return undefined
  }
  return signatures.find(([, test]) => test(head))?.[0]
}
