import { RedeemInput } from '../../shared/mall/schemas'
import { countdownParts, flashPhase, serverOffsetMs } from '../../miniprogram/src/mall/clock'
import { affordableCount, clampQuantity, maxQuantity, pointsText } from '../../miniprogram/src/mall/quantity'
import { draftFor, newRequestId, rememberedAddress, saveDraft } from '../../miniprogram/src/mall/redemption'

describe('flash-sale countdowns run on the server clock', () => {
  const flash = { startsAt: '2026-12-12T10:00:00+08:00', endsAt: '2026-12-12T12:00:00+08:00' }
  const starts = Date.parse(flash.startsAt)

  test('the offset is the server time minus the moment the answer arrived; an unreadable time means none', () => {
    expect(serverOffsetMs('2026-12-12T02:00:05.000Z', Date.parse('2026-12-12T02:00:00.000Z'))).toBe(5000)
    expect(serverOffsetMs('2026-12-12T01:59:00.000Z', Date.parse('2026-12-12T02:00:00.000Z'))).toBe(-60_000)
    expect(serverOffsetMs('soon', 123)).toBe(0)
  })

  test('a sale is upcoming until its start, live until its end (exclusive), then ended', () => {
    expect(flashPhase(flash, starts - 1000)).toEqual({ phase: 'upcoming', msLeft: 1000 })
    expect(flashPhase(flash, starts)).toEqual({ phase: 'live', msLeft: 2 * 3_600_000 })
    expect(flashPhase(flash, Date.parse(flash.endsAt) - 1)).toEqual({ phase: 'live', msLeft: 1 })
    expect(flashPhase(flash, Date.parse(flash.endsAt))).toEqual({ phase: 'ended', msLeft: 0 })
  })

  test('time left reads as days and HH:MM:SS, rounded up to the second', () => {
    expect(countdownParts(0)).toEqual({ days: 0, hms: '00:00:00' })
    expect(countdownParts(1)).toEqual({ days: 0, hms: '00:00:01' })
    expect(countdownParts(59_001)).toEqual({ days: 0, hms: '00:01:00' })
    expect(countdownParts(3_723_000)).toEqual({ days: 0, hms: '01:02:03' })
    expect(countdownParts(86_400_000 + 5_000)).toEqual({ days: 1, hms: '00:00:05' })
    expect(countdownParts(-5000)).toEqual({ days: 0, hms: '00:00:00' })
  })
})

describe('the quantity stepper', () => {
  const item = { maxPerOrder: 5, stock: 100, remainingForMe: null as number | null }

  test('stops at the smallest of the per-order cap, the stock and what the member may still redeem', () => {
    expect(maxQuantity(item)).toBe(5)
    expect(maxQuantity({ ...item, stock: 3 })).toBe(3)
    expect(maxQuantity({ ...item, remainingForMe: 2 })).toBe(2)
    expect(maxQuantity({ ...item, remainingForMe: 0 })).toBe(0)
    expect(maxQuantity({ ...item, stock: 0 })).toBe(0)
  })

  test('keeps a quantity within 1…max, and at 1 when nothing can be taken', () => {
    expect(clampQuantity(0, 5)).toBe(1)
    expect(clampQuantity(6, 5)).toBe(5)
    expect(clampQuantity(3, 5)).toBe(3)
    expect(clampQuantity(2.7, 5)).toBe(2)
    expect(clampQuantity(Number.NaN, 5)).toBe(1)
    expect(clampQuantity(4, 0)).toBe(1)
  })
})

test('the mall counts the items the spendable points cover, not those blocked for other reasons', () => {
  const item = (points: number, blockedBy: string | null = null) => ({ price: { points, fen: 0 }, canRedeem: blockedBy === null, blockedBy })
  const items = [item(300), item(1000), item(1001, 'INSUFFICIENT_POINTS'), item(200, 'OUT_OF_STOCK'), item(100, 'LIMIT_REACHED')]
  expect(affordableCount(items, 1000)).toBe(2)
  expect(affordableCount(items, 0)).toBe(0)
})

test('points read with thousands separators', () => {
  expect([0, 999, 1000, 12345, 1234567].map(pointsText)).toEqual(['0', '999', '1,000', '12,345', '1,234,567'])
})

describe('a redemption request', () => {
  test('its id is one the server accepts, and two confirmations get different ids', () => {
    const a = newRequestId()
    const b = newRequestId()
    expect(a).not.toBe(b)
    for (const requestId of [a, b, newRequestId(0, () => 0), newRequestId(Date.parse('2099-12-31T23:59:59Z'), () => 0.999999)])
      expect(RedeemInput.safeParse({ itemId: 'latte', quantity: 1, requestId }).success).toBe(true)
  })

  test('the confirm page finds the item page’s draft for its own item only, and the address is remembered for the next form', () => {
    const address = { name: '张三', phone: '13800000000', region: ['上海市', '上海市', '徐汇区'], detail: '漕溪北路 1 号' }
    saveDraft({ itemId: 'tote-bag', quantity: 2, address })
    expect(draftFor('tote-bag')).toEqual({ itemId: 'tote-bag', quantity: 2, address })
    expect(draftFor('mug')).toBeUndefined()
    saveDraft({ itemId: 'mug', quantity: 1 })
    expect(draftFor('tote-bag')).toBeUndefined()
    expect(rememberedAddress()).toEqual(address)
  })
})
