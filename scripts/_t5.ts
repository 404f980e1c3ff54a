import {inferReadingOrder} from '../src/index.js'
import {xyCut} from '../src/layout/xy-cut.js'
import {staircaseLayout, twoColumnRowsLayout, nestedLayout, deepLayout} from '../bench/cost-shapes/layout.js'
const cpu = (fn: () => void, reps: number) => { const c0 = process.cpuUsage(); for (let i = 0; i < reps; i++) fn(); const c = process.cpuUsage(c0); return (c.user + c.system) / 1000 / reps }
for (const [name, f] of [['stair', staircaseLayout], ['rows', twoColumnRowsLayout], ['nested', nestedLayout], ['deep', deepLayout]] as const) {
  const small = f(1600), big = f(16000)
  for (let i = 0; i < 3; i++) inferReadingOrder(small), inferReadingOrder(big)
  const a = cpu(() => inferReadingOrder(small), 50), b = cpu(() => inferReadingOrder(big), 5)
  console.log(name.padEnd(7), '1600', a.toFixed(2), 'ms cpu; 16000', b.toFixed(2), 'ms; ratio', (b / a).toFixed(1))
}
