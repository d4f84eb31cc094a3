/// <reference path="./jsbarcode.d.ts" />
import qrcode from 'qrcode-generator'
import { CODE128 } from 'jsbarcode/bin/barcodes/CODE128'

/**
 * The member code as images that work the same in weapp, H5 and miniprogram-simulate:
 * data URIs built in plain JS, with no canvas or DOM. qrcode-generator encodes the QR
 * symbol and writes it as a GIF; JsBarcode's Code 128 encoder (automatic code-set choice,
 * so a digit string packs two digits per symbol) gives the bar pattern, written here as a
 * one-pixel-high bitmap that the Image stretches to any height.
 */

/** QR symbol, numeric mode, error correction M: a 20-digit code fits version 1 (21×21 modules). */
export function qrSymbol(text: string) {
  const qr = qrcode(0, 'M')
  qr.addData(text, /^\d+$/.test(text) ? 'Numeric' : 'Byte')
  qr.make()
  return qr
}

/** The QR symbol as a GIF with the standard four-module quiet zone. */
export function qrDataUri(text: string, cellSize = 8): string {
  return qrSymbol(text).createDataURL(cellSize, cellSize * 4)
}

/** Code 128 bar pattern as '1' (bar) / '0' (space) modules, without quiet zones. */
export function code128Modules(text: string): string {
  const encoder = new CODE128(text, {})
  if (!encoder.valid()) throw new Error('Code 128 cannot encode this text')
  return encoder.encode().data
}

/** Code 128 image: ten quiet modules each side, `scale` pixels per module. */
export function barcodeDataUri(text: string, scale = 3): string {
  const quiet = '0'.repeat(10)
  const modules = quiet + code128Modules(text) + quiet
  const pixels: boolean[] = []
  for (const m of modules) for (let i = 0; i < scale; i++) pixels.push(m === '1')
  return `data:image/bmp;base64,${base64(bmpRow(pixels))}`
}

/** A 24-bit BMP, one row high: `true` pixels black, the rest white. */
export function bmpRow(pixels: boolean[]): Uint8Array {
  const width = pixels.length
  const rowBytes = Math.ceil((width * 3) / 4) * 4
  const size = 54 + rowBytes
  const out = new Uint8Array(size)
  const view = new DataView(out.buffer)
  out[0] = 0x42 // 'B'
  out[1] = 0x4d // 'M'
  view.setUint32(2, size, true)
  view.setUint32(10, 54, true) // pixel data offset
  view.setUint32(14, 40, true) // BITMAPINFOHEADER size
  view.setInt32(18, width, true)
  view.setInt32(22, 1, true) // height
  view.setUint16(26, 1, true) // planes
  view.setUint16(28, 24, true) // bits per pixel
  view.setUint32(34, rowBytes, true)
  view.setUint32(38, 2835, true) // 72 dpi
  view.setUint32(42, 2835, true)
  pixels.forEach((dark, x) => out.fill(dark ? 0 : 255, 54 + x * 3, 54 + x * 3 + 3))
  return out
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** btoa does not exist in weapp; this is the standard alphabet with padding. */
export function base64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    s += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63]
    s += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '='
    s += i + 2 < bytes.length ? ALPHABET[n & 63] : '='
  }
  return s
}

/** 12345678901234567890 → "1234 5678 9012 3456 7890", easier to read out or type. */
export function groupDigits(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ')
}
