import {inferReadingOrder} from '../src/index.js'
import {staircaseLayout, twoColumnRowsLayout, nestedLayout, deepLayout} from '../bench/cost-shapes/layout.js'
for (const [name, f] of [['stair', staircaseLayout], ['rows', twoColumnRowsLayout], ['nested', nestedLayout], ['deep', deepLayout]] as const)
for (const n of [1600, 16000, 1600, 16000]) {
  const page = f(n)
  const ts: number[] = []
  for (let i = 0; i < 7; i++) { const t0 = performance.now(); inferReadingOrder(page); ts.push(performance.now() - t0) }
  ts.sort((a, b) => a - b)
  console.log(name, n, 'min', ts[0]!.toFixed(1), 'median', ts[3]!.toFixed(1))
}
