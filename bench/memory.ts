// Peak memory of the pipeline (JSON text → markdown) in a fresh process: the highest RSS seen
// while it runs, over the RSS with the input loaded. The JSON is read from the file given, as a
// pipeline would read it (one flat string). A worker thread samples the RSS every millisecond:
// the process's all-time peak would hide a pipeline peak below whatever reading the input took.
// Prints JSON for bench/run.ts.
import {readFileSync} from 'node:fs'
import {Worker} from 'node:worker_threads'
import {parseDocument, renderMarkdown} from '../src/index.js'

const sampler = new Worker(
  `const {parentPort} = require('node:worker_threads')
   let peak = 0
   const sample = () => { peak = Math.max(peak, process.memoryUsage.rss()) }
   const timer = setInterval(sample, 1)
   parentPort.on('message', (message) => {
     if (message === 'reset') { peak = 0; sample(); parentPort.postMessage('ready') }
     else { sample(); clearInterval(timer); parentPort.postMessage(peak) }
   })`,
  {eval: true}
)
const ask = (message: string) =>
  new Promise<unknown>((resolve) => {
    sampler.once('message', resolve)
    sampler.postMessage(message)
  })

const json = readFileSync(process.argv[2]!, 'utf8')
const gc = (globalThis as {gc?: () => void}).gc!
gc()
await ask('reset')
const before = process.memoryUsage.rss()
const markdown = renderMarkdown(parseDocument(json))
const peak = Math.max((await ask('stop')) as number, process.memoryUsage.rss())
await sampler.terminate()
process.stdout.write(
  JSON.stringify({
    inputBytes: Buffer.byteLength(json),
    peakBytes: peak - before,
    outputBytes: Buffer.byteLength(markdown)
  })
)
