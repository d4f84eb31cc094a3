import tcb from '@cloudbase/node-sdk'
import { fail, type Result } from '../../shared/errors'
import { consoleLogger, type Deps } from './deps'
import { cryptoIds } from './ids'
import { cloudMiniCode } from './mini-code'
import type { CloudFunction, FunctionDefinition, Identity } from './router'
import { hmacSigner } from './secret'
import { unconfiguredSms } from './sms'
import { unconfiguredSubscribe } from './subscribe'
import { cloudWeChatPhone } from './wechat-phone'

/**
 * The caller's identity in CloudBase: WX_OPENID / WX_UNIONID, which the platform puts in each
 * invocation's context when the mini-program calls the function. Nothing from the event body counts.
 */
export function cloudIdentity(context: unknown): Identity | null {
  let env: { WX_OPENID?: unknown; WX_UNIONID?: unknown }
  try {
    env = tcb.getCloudbaseContext(context as Parameters<typeof tcb.getCloudbaseContext>[0])
  } catch {
    env = tcb.getCloudbaseContext() // context without `environment`: the values are in process.env
  }
  const openid = env.WX_OPENID
  if (typeof openid !== 'string' || openid === '') return null
  const unionid = env.WX_UNIONID
  return { openid, unionid: typeof unionid === 'string' && unionid !== '' ? unionid : null }
}

/** Dependencies in CloudBase: the current environment's database, the real clock, HUIKA_SECRET. */
export function cloudDeps(): Deps {
  const secret = process.env.HUIKA_SECRET
  if (!secret) throw new Error('HUIKA_SECRET is not set: add it to the function environment (32+ random characters)')
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  return {
    db: app.database(),
    now: () => new Date(),
    sign: hmacSigner(secret),
    sms: unconfiguredSms(),
    subscribe: unconfiguredSubscribe(),
    wechatPhone: cloudWeChatPhone(app, consoleLogger),
    miniCode: cloudMiniCode(app, consoleLogger),
    ids: cryptoIds,
    log: consoleLogger,
  }
}

/** The `main(event, context)` CloudBase invokes. Dependencies are built once per container. */
export function cloudMain(definition: FunctionDefinition): (event: unknown, context: unknown) => Promise<Result<unknown>> {
  let built: CloudFunction | null = null
  return async (event, context) => {
    if (!built) {
      try {
        built = definition.build(cloudDeps())
      } catch (err) {
        consoleLogger.error(`${definition.name}: cannot start`, err)
        return fail('INTERNAL')
      }
    }
    return built(event, { identity: cloudIdentity(context) })
  }
}
