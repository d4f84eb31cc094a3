import Taro from '@tarojs/taro'

let initialised = false

function ensureCloud() {
  if (initialised) return
  Taro.cloud.init(HUIKA_CLOUD_ENV ? { env: HUIKA_CLOUD_ENV, traceUser: true } : { traceUser: true })
  initialised = true
}

export async function send(name: string, body: Record<string, unknown>): Promise<unknown> {
  ensureCloud()
  // Identity comes from the WeChat context on the server side, never from the request.
  const res = await Taro.cloud.callFunction({ name, data: body })
  return res.result
}
