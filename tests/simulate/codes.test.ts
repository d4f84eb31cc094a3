import jsQR from 'jsqr'
import { barcodeDataUri, base64, groupDigits, qrSymbol } from '../../miniprogram/src/components/MemberCode/codes'
import { decodeBarcode } from './decode'

describe('member code images', () => {
  test('the QR symbol reads back as the code', () => {
    const code = '98765432109876543210'
    const qr = qrSymbol(code)
    const n = qr.getModuleCount()
    const scale = 4
    const size = (n + 8) * scale
    const rgba = new Uint8ClampedArray(size * size * 4).fill(255)
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const r = Math.floor(y / scale) - 4
        const c = Math.floor(x / scale) - 4
        if (r >= 0 && c >= 0 && r < n && c < n && qr.isDark(r, c)) rgba.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3)
      }
    expect(jsQR(rgba, size, size)?.data).toBe(code)
  })

  test.each(['00', '0123456789', '10000000011795546496'])('the Code 128 image of %s scans back to it', (code) => {
    expect(decodeBarcode(barcodeDataUri(code))).toBe(code)
  })

  test('base64 matches the standard encoding, padding included', () => {
    for (const s of ['', 'a', 'ab', 'abc', 'abcd', '\u00ff\u0000\u0080']) {
      const bytes = Uint8Array.from(Buffer.from(s, 'latin1'))
      expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'))
    }
  })

  test('digits are grouped in fours for reading aloud', () => {
    expect(groupDigits('12345678901234567890')).toBe('1234 5678 9012 3456 7890')
    expect(groupDigits('123456')).toBe('1234 56')
  })
})
