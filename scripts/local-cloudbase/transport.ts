import type { LocalStore } from './store'

/**
 * Points `@cloudbase/node-sdk`'s database transport at a local store, in-process. `app.database()`
 * installs `TcbDBApiHttpRequester` as the request class on every call, and every query, document,
 * aggregate and transaction object does `new Db.reqClass(config).send('database.<action>', params)`;
 * replacing `send` on that class's prototype therefore catches every database request while the
 * functions' code stays exactly what runs in the cloud. Failures go through the SDK's own
 * `processReturn`, so they surface as the same `TcbError {code, message, requestId}`.
 */
const requester = require('@cloudbase/node-sdk/dist/utils/tcbdbapirequester') as {
  TcbDBApiHttpRequester: { prototype: { send(api: string, data?: Record<string, unknown>): Promise<unknown> } }
}
const sdkUtils = require('@cloudbase/node-sdk/dist/utils/utils') as { processReturn(result: unknown): unknown }
const cloudPlatform = require('@cloudbase/node-sdk/dist/utils/cloudplatform') as { preflightRuntimeCloudPlatform(): Promise<void> }

let active: LocalStore | undefined
let patched = false

export function useLocalStore(store: LocalStore): void {
  active = store
  if (patched) return
  patched = true
  // `tcb.init()` probes a cloud metadata host to learn whether it runs on Tencent Cloud; locally
  // that is an outbound request per process that can only fail (and holds a socket open).
  cloudPlatform.preflightRuntimeCloudPlatform = async () => undefined
  requester.TcbDBApiHttpRequester.prototype.send = async function send(api: string, data?: Record<string, unknown>) {
    if (!active) throw new Error('useLocalStore() has not been given a store')
    const res = active.request(api, data)
    return res.code ? sdkUtils.processReturn(res) : res
  }
}
