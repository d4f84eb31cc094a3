/**
 * @jest-environment node
 */
import { buildSync } from 'esbuild'
import path from 'node:path'
import vm from 'node:vm'

/**
 * WeChat forbids `new Function`; shared/zod.ts must switch zod to jitless before any schema
 * exists. This bundles shared/ for the browser (as Taro does for weapp), runs it where there
 * is no `process` and where the Function constructor is a spy, and parses real inputs.
 */
const repo = path.resolve(__dirname, '..', '..')

function bundleShared(): string {
  const entry = `
    export { Api } from './shared/api'
    export { Envelope } from './shared/errors'
  `
  const out = buildSync({
    stdin: { contents: entry, resolveDir: repo, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'shared',
    write: false,
    logLevel: 'silent',
  })
  return out.outputFiles[0].text
}

test('shared schemas parse without ever calling the Function constructor outside node', () => {
  const context = vm.createContext({ console })
  vm.runInContext(
    `globalThis.functionCalls = 0
     globalThis.Function = function () { functionCalls++; throw new Error('new Function is forbidden here') }`,
    context,
  )
  vm.runInContext(bundleShared(), context)
  const result = vm.runInContext(
    `(() => {
      const { Api, Envelope } = shared
      const ok = Api.member.register.input.safeParse({ phone: '13812345678', smsCode: '123456', nickname: '小会', region: ['广东省', '深圳市'] })
      const bad = Api.member.sendCode.input.safeParse({ phone: '123' })
      const env = Envelope(Api.member.code.output).safeParse({ ok: true, data: { code: '1234', expiresAt: '2026-01-01T00:00:00Z' } })
      return { ok: ok.success, bad: bad.success, badMessage: bad.error && bad.error.issues[0].message, env: env.success, calls: functionCalls }
    })()`,
    context,
  )
  expect(result).toEqual({ ok: true, bad: false, badMessage: '请输入正确的 11 位手机号', env: true, calls: 0 })
})
