import path from 'node:path'
import { qrDataUri } from '../../miniprogram/src/components/MemberCode/codes'
import { decodeBarcode } from './decode'
import { ensureNativeComponents } from './native-build'

// Taro's native-component runtime reads the current page from getCurrentPages() and calls getApp(); simulate provides neither.
;(globalThis as any).getCurrentPages = () => [{ route: 'pages/card/index', options: {} }]
;(globalThis as any).getApp = () => ({})
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate')

jest.setTimeout(180_000)

const CODE = '12345678901234567890'

describe('MemberCode, compiled by Taro as a native weapp component', () => {
  let componentId: string

  beforeAll(() => {
    const root = ensureNativeComponents()
    // simulate has no built-in <image>; this stand-in exposes the src the compiled template binds.
    simulate.load({
      id: 'image',
      tagName: 'wx-image',
      properties: { src: { type: String, value: '' }, mode: { type: String, value: '' } },
      template: '<view></view>',
    })
    // Load once: the webpack chunks Taro emits register the component only the first time they run.
    componentId = simulate.load(path.join(root, 'components/MemberCode/index'), { compiler: 'official', rootPath: root })
  })

  function mount(props: { code: string; expiresAt: number }) {
    const comp = simulate.render(componentId, { props })
    comp.attach(document.createElement('parent-wrapper'))
    return comp
  }

  const text = (comp: any, selector: string) => comp.querySelector(selector)?.dom.textContent.trim()
  const src = (comp: any, selector: string): string => comp.querySelector(selector)?.instance.data.src ?? ''

  test('shows the code as a QR image, a Code 128 image that scans back to the digits, the digits and a countdown', async () => {
    const comp = mount({ code: CODE, expiresAt: Date.now() + 45_000 })
    await simulate.sleep(0)

    const qr = src(comp, '#card-qrcode')
    expect(qr).toMatch(/^data:image\/gif;base64,R0lGOD/) // "GIF8"
    expect(qr).toBe(qrDataUri(CODE))

    const barcode = src(comp, '#card-barcode')
    expect(barcode.length).toBeGreaterThan(100)
    expect(decodeBarcode(barcode)).toBe(CODE)

    expect(text(comp, '#card-code-digits')).toBe('1234 5678 9012 3456 7890')
    const seconds = Number(text(comp, '#card-countdown').match(/^(\d+) 秒后自动刷新$/)?.[1])
    expect(seconds).toBeGreaterThan(0)
    expect(seconds).toBeLessThanOrEqual(45)
    comp.detach()
  })

  test('an expired code says so and asks for a tap', async () => {
    const comp = mount({ code: CODE, expiresAt: Date.now() - 1_000 })
    await simulate.sleep(0)
    expect(text(comp, '#card-countdown')).toBe('会员码已过期，轻触刷新')
    comp.detach()
  })
})
