// CPU-time trend of one shape over scales: tsx bench/_trend2.mts <file> <name part> [scales]
const [file, want, scalesArg] = process.argv.slice(2)
const {shapes} = await import(`./cost-shapes/${file}`)
const scales = (scalesArg ?? '1,2,5,10,20').split(',').map(Number)
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
for (const s of shapes.filter((s: any) => s.name.includes(want!))) {
  const out: string[] = []
  for (const n of scales) {
    const input = s.make(n)
    await s.run(input)
    const t0 = cpu(); let k = 0
    while (cpu() - t0 < 100) { await s.run(input); k++ }
    out.push(((cpu() - t0) / k).toFixed(3))
  }
  console.log(s.name, '|', out.join(' / '))
}
