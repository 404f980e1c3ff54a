/** Where a batch run stands. */
export interface Progress {
  done: number
  total: number
  failed: number
  elapsedMs: number
}

const clock = (seconds: number) => {
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const two = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`
}

/**
 * One line: `[#######-------------] 350/1000  35% · 41.2 files/s · ETA 0:16 · 2 failed`.
 * The ETA is the remaining files at the average rate so far; `--:--` until a file is done.
 */
export function progressLine({done, total, failed, elapsedMs}: Progress, width = 20): string {
  const share = total === 0 ? 1 : done / total
  const filled = Math.round(share * width)
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0
  const eta = rate > 0 ? clock((total - done) / rate) : '--:--'
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${String(Math.floor(share * 100)).padStart(3)}%` +
    ` · ${rate.toFixed(1)} files/s · ETA ${eta}${failed > 0 ? ` · ${failed} failed` : ''}`
  )
}
