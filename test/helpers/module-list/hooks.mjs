// Module hooks (node:module register) that append the URL of every file module loaded to the
// file named in their data: what a process imports, for the start-up guard and the bench.
import {appendFileSync} from 'node:fs'

let file
export function initialize(data) {
  file = data.file
}

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:')) appendFileSync(file, url + '\n')
  return nextLoad(url, context)
}
