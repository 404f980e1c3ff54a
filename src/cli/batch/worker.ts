// A batch worker thread: converts the tasks it is sent, one at a time, and answers each.
import {parentPort, workerData} from 'node:worker_threads'
import {type BatchConfig, type Task, createConverter} from './convert.js'

const convert = createConverter(workerData as BatchConfig)
parentPort!.on('message', async (task: Task) => parentPort!.postMessage(await convert(task)))
