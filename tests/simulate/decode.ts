// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BARS, START_C, STOP } = require('jsbarcode/bin/barcodes/CODE128/constants') as { BARS: number[]; START_C: number; STOP: number }

/**
 * Reads member-code images back the way a scanner would, so tests check what the images
 * say rather than how they were made.
 */

/** Dark/light pixels of a one-row 24-bit BMP data URI. */
export function bmpRow(dataUri: string): boolean[] {
  const prefix = 'data:image/bmp;base64,'
  if (!dataUri.startsWith(prefix)) throw new Error(`not a BMP data URI: ${dataUri.slice(0, 40)}`)
  const buf = Buffer.from(dataUri.slice(prefix.length), 'base64')
  if (buf.toString('latin1', 0, 2) !== 'BM') throw new Error('missing BM signature')
  const offset = buf.readUInt32LE(10)
  const width = buf.readInt32LE(18)
  if (buf.readUInt16LE(28) !== 24) throw new Error('expected 24 bits per pixel')
  if (buf.length < offset + width * 3) throw new Error('truncated pixel data')
  return Array.from({ length: width }, (_, x) => buf[offset + x * 3] < 128)
}

/** The narrowest run is one module; returns '1'/'0' per module without the quiet zones. */
export function modules(pixels: boolean[]): string {
  const runs: Array<[boolean, number]> = []
  for (const p of pixels) {
    const last = runs[runs.length - 1]
    if (last && last[0] === p) last[1]++
    else runs.push([p, 1])
  }
  const unit = Math.min(...runs.slice(1, -1).map(([, n]) => n))
  const bits = runs.map(([dark, n]) => (dark ? '1' : '0').repeat(Math.round(n / unit))).join('')
  return bits.replace(/^0+|0+$/g, '')
}

/** Decodes Code 128 set C (all digits), checking start, checksum and stop. */
export function decodeCode128C(bits: string): string {
  const symbols: number[] = []
  const body = bits.slice(0, -13)
  if (bits.slice(-13) !== String(BARS[STOP])) throw new Error('no stop pattern')
  for (let i = 0; i < body.length; i += 11) {
    const value = BARS.findIndex((b) => String(b) === body.slice(i, i + 11))
    if (value < 0) throw new Error(`unknown symbol at module ${i}`)
    symbols.push(value)
  }
  const [start, ...rest] = symbols
  if (start !== START_C) throw new Error(`expected start C, got ${start}`)
  const data = rest.slice(0, -1)
  const check = rest[rest.length - 1]
  const sum = data.reduce((acc, v, i) => acc + v * (i + 1), start)
  if (sum % 103 !== check) throw new Error('checksum mismatch')
  return data.map((v) => String(v).padStart(2, '0')).join('')
}

export const decodeBarcode = (dataUri: string) => decodeCode128C(modules(bmpRow(dataUri)))
