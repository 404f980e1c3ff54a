import {inferReadingOrder} from '../src/index.js'
import {twoColumnRowsLayout} from '../bench/cost-shapes/layout.js'
const page = twoColumnRowsLayout(16000)
for (let i = 0; i < 30; i++) inferReadingOrder(page)
