const [file, want, scalesArg] = process.argv.slice(2)
const {shapes} = await import(`./cost-shapes/${file}`)
const scales = (scalesArg ?? '1,2,4,8,16').split(',').map(Number)
for (const s of shapes.filter((s: any) => s.name.includes(want!))) {
  const out: string[] = []
  for (const n of scales) {
    const input = s.make(n)
    await s.run(input)
    let m = Infinity
    for (let i = 0; i < 5; i++) { const t0 = performance.now(); await s.run(input); m = Math.min(m, performance.now() - t0) }
    out.push(m.toFixed(2))
  }
  console.log(s.name, '|', out.join(' / '))
}
