import type { Database, Deps } from '../../cloudfunctions/_lib/deps'
import { localFiles } from '../../cloudfunctions/_lib/files'
import { cryptoIds } from '../../cloudfunctions/_lib/ids'
import { localMiniCode } from '../../cloudfunctions/_lib/mini-code'
import { memoryOutbox } from '../../cloudfunctions/_lib/outbox'
import type { CloudFunction, FunctionDefinition } from '../../cloudfunctions/_lib/router'
import { hmacSigner } from '../../cloudfunctions/_lib/secret'
import { outboxSms } from '../../cloudfunctions/_lib/sms'
import { outboxSubscribe } from '../../cloudfunctions/_lib/subscribe'
import { simulatedWeChatPhone } from '../../cloudfunctions/_lib/wechat-phone'
import { movableClock } from '../../scripts/server/clock'
import { openTarget } from './target'

export type Envelope = { ok: true; data: any } | { ok: false; error: { code: string; message: string; field?: string } }

/**
 * A function built on a fresh, empty database, through the real SDK, with a frozen clock the test
 * moves by hand. The database is a local store in a temp directory, or a namespace in a real
 * CloudBase environment (target/index.ts). `overrides` replaces single deps (a failing SMS sender...).
 */
export function openHarness(definition: FunctionDefinition, overrides: Partial<Deps> = {}) {
  const clock = movableClock()
  clock.set(new Date('2027-01-31T10:00:00+08:00'), { frozen: true })
  const target = openTarget(clock.now)
  const { store, dir } = target
  const outbox = memoryOutbox()
  const errors: Array<{ message: string; err: unknown }> = []
  const deps: Deps = {
    db: target.db,
    now: clock.now,
    sign: hmacSigner('test-secret-'.repeat(4)),
    sms: outboxSms(outbox, clock.now),
    subscribe: outboxSubscribe(outbox, clock.now),
    wechatPhone: simulatedWeChatPhone(),
    miniCode: localMiniCode(),
    files: localFiles(dir),
    ids: cryptoIds,
    log: { error: (message, err) => errors.push({ message, err }) },
    ...overrides,
  }
  const fn: CloudFunction = definition.build(deps)
  return {
    deps,
    store,
    clock,
    outbox,
    /** Errors the function logged server-side. */
    errors,
    call: (openid: string | null, event: object) =>
      fn(event, { identity: openid ? { openid, unionid: null } : null }) as Promise<Envelope>,
    /** Moves the frozen clock forward. */
    advance(ms: number) {
      clock.set(new Date(clock.now().getTime() + ms), { frozen: true })
    },
    /** Every document of these collections, as stored: to prove a call wrote nothing. */
    snapshot: (...collections: string[]) => JSON.stringify(collections.map((c) => store.rawFind(c))),
    close: () => target.close(),
  }
}

export type Harness = ReturnType<typeof openHarness>

/** The 6-digit code of the newest SMS to `phone` in the outbox. */
export function lastCode(h: Harness, phone: string): string {
  const sms = h.outbox.list().find((m) => m.to === phone)
  if (!sms) throw new Error(`no SMS to ${phone}`)
  return sms.text.match(/\d{6}/)![0]
}

export const MEMBER_COLLECTIONS = ['members', 'sms_codes', 'sms_callers']

/** The same deps with a database whose transactions start failing after `n`: the job is "killed". */
export function killedAfter(deps: Deps, n: number): Deps {
  let started = 0
  const db = new Proxy(deps.db, {
    get(target, prop) {
      if (prop === 'startTransaction')
        return () => {
          if (++started > n) throw new Error('killed')
          return target.startTransaction()
        }
      const v = Reflect.get(target, prop)
      return typeof v === 'function' ? v.bind(target) : v
    },
  }) as Database
  return { ...deps, db }
}
