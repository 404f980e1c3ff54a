// The string formats of the model, without zod: the same verdicts as zod 4's checks
// (node_modules/zod/v4/core/schemas.js, `$ZodURL` and `isValidBase64`), proven equal by
// test/parse/plan.test.ts on generated strings.

/**
 * zod's `z.url()` (no hostname, protocol or normalize option): the WHATWG URL parser accepts the
 * trimmed string. Asked of the constructor, not of `URL.canParse` (zod's way): Node 20's
 * `canParse`, once optimised, refuses hosts with Latin-1 letters (`https://ß.de`) that it accepted
 * before, so its answer depends on how often it was called.
 */
export function isUrl(value: string): boolean {
  try {
    new URL(value.trim())
    return true
  } catch {
    return false
  }
}

// The base64 alphabet (RFC 4648 §4), by character code.
const alphabet = new Uint8Array(128)
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') alphabet[char.charCodeAt(0)] = 1

/**
 * zod's `z.base64()`: a length that is a multiple of 4, the alphabet's characters, and at most two
 * `=` at the end (what `atob` accepts once zod has refused whitespace and other lengths) — in one
 * pass, without decoding.
 */
export function isBase64(value: string): boolean {
  const length = value.length
  if (length % 4 !== 0) return false
  let end = length
  if (length > 0 && value.charCodeAt(length - 1) === 61) end = value.charCodeAt(length - 2) === 61 ? length - 2 : length - 1
  for (let i = 0; i < end; i++) if (alphabet[value.charCodeAt(i)] !== 1) return false
  return true
}
