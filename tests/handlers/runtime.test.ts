import tcb from '@cloudbase/node-sdk'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { cloudIdentity } from '../../cloudfunctions/_lib/cloud'
import type { Deps } from '../../cloudfunctions/_lib/deps'
import { defineFunction } from '../../cloudfunctions/_lib/router'
import { commit, rollback, withTransaction } from '../../cloudfunctions/_lib/transaction'
import { ok } from '../../shared/errors'
import { openLocalStore, useLocalStore, type LocalStore } from '../../scripts/local-cloudbase'

describe('the action router', () => {
  const logged: unknown[] = []
  const deps = { now: () => new Date('2027-01-31T02:00:00Z'), log: { error: (m: string, e: unknown) => logged.push([m, e]) } } as unknown as Deps
  const fn = defineFunction('member', {
    me: async () => {
      throw new Error('secret internals at /srv/app.js:12')
    },
    code: async (_input, ctx) => ok({ code: ctx.identity.openid, expiresAt: ctx.now.toISOString() }),
    sendCode: async ({ phone }) => ok({ resendAt: phone, expiresAt: phone }),
    register: async () => {
      throw new Error('unused')
    },
    registerWithWeChatPhone: async () => {
      throw new Error('unused')
    },
    updateProfile: async () => {
      throw new Error('unused')
    },
    consents: async () => {
      throw new Error('unused')
    },
    consent: async () => {
      throw new Error('unused')
    },
    opened: async () => {
      throw new Error('unused')
    },
  }).build(deps)
  const as = { identity: { openid: 'o1', unionid: null } }

  test('a thrown error becomes INTERNAL with a generic message, logged server-side only', async () => {
    const res = await fn({ action: 'me' }, as)
    expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } })
    expect(JSON.stringify(res)).not.toMatch(/secret internals|app\.js|\bat\b/)
    expect(logged).toHaveLength(1)
    expect(String((logged[0] as [string, Error])[1].message)).toContain('secret internals')
  })

  test('identity comes from the call context; the body cannot claim one', async () => {
    expect(await fn({ action: 'code', openid: 'forged', userInfo: { openId: 'forged' } }, as)).toMatchObject({ ok: true, data: { code: 'o1' } })
    expect(await fn({ action: 'code', userInfo: { openId: 'forged' } }, { identity: null })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  test.each([[null], ['a string'], [[1, 2]], [{ action: 42 }], [{ action: 'toString' }], [{ action: '__proto__' }]])(
    'event %j → UNKNOWN_ACTION',
    async (event) => {
      expect(await fn(event, as)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } })
    },
  )

  test('parses the payload with the action schema (trimmed, Chinese message, field path)', async () => {
    expect(await fn({ action: 'sendCode', phone: ' 13812345678 ' }, as)).toMatchObject({ ok: true, data: { resendAt: '13812345678' } })
    expect(await fn({ action: 'sendCode' }, as)).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '请输入手机号（phone）', field: 'phone' } })
  })

  test('a function whose handlers miss a declared action cannot be built', () => {
    const incomplete = defineFunction('member', { me: async () => ok({}) } as never)
    expect(() => incomplete.build(deps)).toThrow(/member\.\w+ is declared in shared\/api.ts but has no handler/)
  })
})

describe('withTransaction on the local store', () => {
  let dir: string
  let store: LocalStore
  let db: Deps['db']
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'huika-tx-'))
    store = openLocalStore({ dir, indexes: {} })
    useLocalStore(store)
    db = tcb.init({ env: 'huika-test' }).database()
  })
  afterEach(() => {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const increment = () =>
    withTransaction(db, async (tx) => {
      const doc = tx.collection('counters').doc('c')
      const cur = ((await doc.get()).data as { n: number } | null)?.n ?? 0
      await new Promise((r) => setImmediate(r)) // let the racers interleave
      await doc.set({ n: cur + 1 })
      return commit(cur + 1)
    })

  test('racing read-modify-write transactions are retried on conflict: no update is lost', async () => {
    await Promise.all(Array.from({ length: 10 }, increment))
    expect(store.rawGet('counters', 'c')).toMatchObject({ n: 10 })
  })

  test('a rollback outcome undoes the writes and still returns its value', async () => {
    const value = await withTransaction(db, async (tx) => {
      await tx.collection('counters').doc('c').set({ n: 99 })
      return rollback('refused')
    })
    expect(value).toBe('refused')
    expect(store.rawGet('counters', 'c')).toBeUndefined()
  })

  test('any other error rolls back and is thrown at once, without a retry', async () => {
    let runs = 0
    await expect(
      withTransaction(db, async (tx) => {
        runs++
        await tx.collection('counters').doc('c').set({ n: 1 })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(runs).toBe(1)
    expect(store.rawGet('counters', 'c')).toBeUndefined()
  })
})

describe('cloud identity', () => {
  test('reads WX_OPENID and WX_UNIONID from the invocation context', () => {
    const context = { environment: JSON.stringify({ WX_OPENID: 'oWX123', WX_UNIONID: 'uWX456', WX_CONTEXT_KEYS: 'WX_OPENID,WX_UNIONID' }) }
    expect(cloudIdentity(context)).toEqual({ openid: 'oWX123', unionid: 'uWX456' })
  })

  test('no identity without WX_OPENID', () => {
    expect(process.env.WX_OPENID).toBeUndefined()
    expect(cloudIdentity({ environment: JSON.stringify({ TCB_ENV: 'x' }) })).toBeNull()
    expect(cloudIdentity(undefined)).toBeNull()
  })
})
