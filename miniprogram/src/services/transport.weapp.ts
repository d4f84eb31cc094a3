import Taro from '@tarojs/taro'

let initialised = false

function ensureCloud() {
  if (initialised) return
  // TARO_APP_CLOUD_ENV (from miniprogram/.env.*) picks the CloudBase environment; unset uses the default one.
  const env = process.env.TARO_APP_CLOUD_ENV
  Taro.cloud.init(env ? { env, traceUser: true } : { traceUser: true })
  initialised = true
}

export async function send(name: string, body: Record<string, unknown>): Promise<unknown> {
  ensureCloud()
  // Identity comes from the WeChat context on the server side, never from the request.
  const res = await Taro.cloud.callFunction({ name, data: body })
  return res.result
}
