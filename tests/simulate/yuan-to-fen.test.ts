import { fenToYuan, MAX_FEN, yuanToFen } from '../../miniprogram/src/services/money'

describe('the till reads typed yuan as exact integer fen', () => {
  test.each([
    ['128.50', 12850],
    ['128.5', 12850],
    ['19.99', 1999], // 19.99 * 100 is 1998.9999999999998 in floating point
    ['0.07', 7],
    ['1.1', 110],
    ['.5', 50],
    ['3.', 300],
    ['007', 700],
    [' ¥1,234.56 ', 123456],
    ['1000000', MAX_FEN],
  ])('%s yuan is %d fen', (text, fen) => {
    expect(yuanToFen(text)).toEqual({ ok: true, fen })
  })

  test.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'format'],
    ['1.2.3', 'format'],
    ['-5', 'format'],
    ['1e3', 'format'],
    ['.', 'format'],
    ['1.234', 'decimals'],
    ['0', 'zero'],
    ['0.00', 'zero'],
    ['1000000.01', 'tooLarge'],
    ['99999999999999999999', 'tooLarge'],
  ])('%j is refused (%s)', (text, error) => {
    expect(yuanToFen(text)).toEqual({ ok: false, error })
  })

  test('every fen amount survives the round trip through its yuan text', () => {
    for (let fen = 1; fen <= 20_000; fen++) expect(yuanToFen(fenToYuan(fen))).toEqual({ ok: true, fen })
    expect(fenToYuan(12850)).toBe('128.50')
    expect(fenToYuan(-7)).toBe('-0.07')
  })
})
