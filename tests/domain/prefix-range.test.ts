import fc from 'fast-check'
import { prefixRange } from '../../shared/admin/prefix-range'

/** MongoDB's string order: the UTF-8 bytes. */
const cmp = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
const inRange = (s: string, p: string) => {
  const { from, below } = prefixRange(p)
  return cmp(s, from) >= 0 && (below === null || cmp(s, below) < 0)
}

// Characters from every part of the code space that matters: ASCII, CJK, the top of the BMP, emoji, the last code point.
const char = fc.constantFrom('a', 'b', '"', '\\', ' ', '小', '红', '\ud7ff', '\ue000', '\uffff', '😀', '😁', '\u{10ffff}')
const text = fc.array(char, { maxLength: 5 }).map((cs) => cs.join(''))

describe('prefixRange', () => {
  test('a string is in the range exactly when it starts with the prefix', () => {
    fc.assert(fc.property(text, text, (p, rest) => inRange(p + rest, p)), { numRuns: 500 })
    fc.assert(fc.property(text, text, (p, s) => inRange(s, p) === s.startsWith(p)), { numRuns: 2000 })
  })

  test('an emoji after the prefix is inside the range, where the bound prefix + U+FFFF would leave it out', () => {
    expect(inRange('小😀', '小')).toBe(true)
    expect(cmp('小😀', '小\uffff') < 0).toBe(false)
    expect(prefixRange('小红')).toEqual({ from: '小红', below: '小纣' })
    expect(prefixRange('a😀')).toEqual({ from: 'a😀', below: 'a😁' })
    expect(prefixRange('\u{10ffff}')).toEqual({ from: '\u{10ffff}', below: null })
    expect(prefixRange('a\u{10ffff}')).toEqual({ from: 'a\u{10ffff}', below: 'b' })
  })
})
