// `node --import <this file>`: records every file module the process loads into $MODULE_LIST_FILE:
// ES modules as the hooks load them, CommonJS ones (which the hooks do not see in Node 20, e.g. a
// package loaded lazily with createRequire) from the require cache at exit.
import {appendFileSync} from 'node:fs'
import {createRequire, register} from 'node:module'
import {pathToFileURL} from 'node:url'

const file = process.env.MODULE_LIST_FILE
register(new URL('./hooks.mjs', import.meta.url), {data: {file}})
const require = createRequire(import.meta.url)
process.on('exit', () => {
  const loaded = Object.keys(require.cache).map((path) => pathToFileURL(path).href)
  if (loaded.length > 0) appendFileSync(file, loaded.join('\n') + '\n')
})
