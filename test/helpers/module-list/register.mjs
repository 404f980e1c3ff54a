// `node --import <this file>`: records every file module the process loads into $MODULE_LIST_FILE.
import {register} from 'node:module'

register(new URL('./hooks.mjs', import.meta.url), {data: {file: process.env.MODULE_LIST_FILE}})
