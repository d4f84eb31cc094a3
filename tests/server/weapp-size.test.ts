import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureWeappBuild, formatSize, MAIN_PACKAGE_LIMIT, overLimit, PACKAGE_LIMIT, weappDir, weappPackageSizes } from '../../scripts/deploy-weapp'

/**
 * WeChat refuses an upload whose main package passes 1 MB or any package 2 MB. The weapp build
 * (miniprogram/dist/weapp, rebuilt only when its sources changed: about 20 s) must stay under both,
 * with the staff pages, the mall and the games in subpackages.
 */
jest.setTimeout(300_000)

describe('the weapp build', () => {
  beforeAll(async () => {
    await ensureWeappBuild(() => {})
  })

  test('keeps the staff pages, the mall and the games in subpackages', () => {
    const app = JSON.parse(readFileSync(path.join(weappDir, 'app.json'), 'utf8')) as { pages: string[]; subPackages: Array<{ root: string; pages: string[] }> }
    expect(app.subPackages.map((p) => p.root).sort()).toEqual(['games', 'mall', 'staff'])
    expect(app.subPackages.find((p) => p.root === 'staff')!.pages).toContain('scan/index')
    // No staff, mall or game page in the main package, and no dev identity page in a production build.
    expect(app.pages.filter((p) => /^(staff|mall|games)\//.test(p) || p.startsWith('pages/dev/'))).toEqual([])
  })

  test('main package ≤ 1 MB, every package ≤ 2 MB', () => {
    const sizes = weappPackageSizes()
    console.log(`weapp package sizes:\n${sizes.map(formatSize).join('\n')}`)
    expect(sizes.map((s) => s.name)).toEqual(expect.arrayContaining(['main', 'staff', 'mall', 'games']))
    expect(sizes.every((s) => s.bytes > 0)).toBe(true)
    expect(overLimit(sizes).map(formatSize)).toEqual([])
  })
})

describe('package measurement', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'huika-weapp-size-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const file = (rel: string, bytes: number) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    writeFileSync(path.join(dir, rel), Buffer.alloc(bytes))
  }

  test('counts subpackage roots apart from the main package, and flags each limit', () => {
    writeFileSync(path.join(dir, 'app.json'), JSON.stringify({ pages: ['pages/a/index'], subPackages: [{ root: 'staff/', pages: ['x/index'] }, { root: 'mall', pages: ['y/index'] }] }))
    const appJson = Buffer.byteLength(readFileSync(path.join(dir, 'app.json')))
    file('pages/a/index.js', 1000)
    file('staffing/notes.js', 10) // not under the root "staff"
    file('staff/x/index.js', 300)
    file('mall/y/index.js', PACKAGE_LIMIT + 1)
    file('.huika-build-hash', 64) // the build stamp is not uploaded
    const sizes = weappPackageSizes(dir)
    expect(sizes).toEqual([
      { name: 'main', bytes: appJson + 1010, limit: MAIN_PACKAGE_LIMIT },
      { name: 'staff', bytes: 300, limit: PACKAGE_LIMIT },
      { name: 'mall', bytes: PACKAGE_LIMIT + 1, limit: PACKAGE_LIMIT },
    ])
    expect(overLimit(sizes).map((s) => s.name)).toEqual(['mall'])

    file('vendors.js', MAIN_PACKAGE_LIMIT)
    expect(overLimit(weappPackageSizes(dir)).map((s) => s.name)).toEqual(['main', 'mall'])
  })

  test('a folder without a build says how to make one', () => {
    expect(() => weappPackageSizes(dir)).toThrow(/npm run build:weapp/)
  })
})
