import tcb from '@cloudbase/node-sdk'
import { fail, type Result } from '../../shared/errors'
import { consoleLogger, type Deps } from './deps'
import { bearerToken, isLogin, sessionIdentity } from './console-auth'
import { cloudFiles } from './files'
import { cryptoIds } from './ids'
import { cloudMiniCode } from './mini-code'
import type { CloudFunction, FunctionDefinition, Identity } from './router'
import { hmacSigner } from './secret'
import { unconfiguredSms } from './sms'
import { cloudSubscribe } from './subscribe'
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
  const now = () => new Date()
  return {
    db: app.database(),
    now,
    sign: hmacSigner(secret),
    // SMS stays unwired: no provider is chosen yet, so every SMS send is refused.
    sms: unconfiguredSms(),
    subscribe: cloudSubscribe(app, { now, state: process.env.HUIKA_MINIPROGRAM_STATE }),
    wechatPhone: cloudWeChatPhone(app, consoleLogger),
    miniCode: cloudMiniCode(app, consoleLogger),
    files: cloudFiles(app, consoleLogger),
    ids: cryptoIds,
    log: consoleLogger,
  }
}

/** What CloudBase's HTTP access service passes to a function for an HTTP request. */
interface HttpEvent {
  httpMethod: string
  headers?: Record<string, string>
  body?: string
  isBase64Encoded?: boolean
}

const isHttpEvent = (event: unknown): event is HttpEvent => typeof event === 'object' && event !== null && typeof (event as HttpEvent).httpMethod === 'string'

/**
 * The console's `main`: the browser reaches the `admin` function through CloudBase's HTTP access
 * service, with no WeChat context, so the caller is the console session named by the
 * `Authorization: Bearer` header (`_lib/console-auth.ts`). The answer goes back as a JSON response.
 */
export function cloudConsoleMain(definition: FunctionDefinition): (event: unknown, context: unknown) => Promise<unknown> {
  let deps: Deps | null = null
  let built: CloudFunction | null = null
  return async (event, context) => {
    if (!deps || !built) {
      try {
        deps = cloudDeps()
        built = definition.build(deps)
      } catch (err) {
        consoleLogger.error(`${definition.name}: cannot start`, err)
        return fail('INTERNAL')
      }
    }
    if (!isHttpEvent(event)) return built(event, { identity: cloudIdentity(context) })
    const respond = (status: number, body: unknown) => ({ statusCode: status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) })
    let payload: unknown
    try {
      const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '')
      payload = JSON.parse(raw)
    } catch {
      return respond(400, fail('BAD_JSON'))
    }
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
    const token = bearerToken(headers.authorization)
    const identity = token ? await sessionIdentity(deps.db, token, deps.now()) : null
    if (token && !identity && !isLogin(payload)) return respond(200, fail('SESSION_EXPIRED'))
    return respond(200, await built(payload, { identity }))
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
