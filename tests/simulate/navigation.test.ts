import { registerUrl, safeBackUrl } from '../../miniprogram/src/services/navigation'

describe('back to where a new member was going', () => {
  test.each([
    ['/pages/points/index', '/pages/points/index'],
    ['/mall/item/index?id=latte', '/mall/item/index?id=latte'],
    ['/mall/orders/index', '/mall/orders/index'],
    ['/games/wheel/index?id=daily-wheel', '/games/wheel/index?id=daily-wheel'],
  ])('registering from %s returns there', (page, expected) => {
    const back = new URL(registerUrl(page), 'http://x').searchParams.get('back') ?? undefined
    expect(safeBackUrl(encodeURIComponent(back!))).toBe(expected)
  })

  test.each([undefined, '', 'https://evil.example/pages/card/index', '/pages/register/index', '/staff/scan/index', '//evil/pages/x', 'javascript:alert(1)'])(
    '%s goes to the card instead',
    (back) => {
      expect(safeBackUrl(back === undefined ? undefined : encodeURIComponent(back))).toBe('/pages/card/index')
    },
  )
})
