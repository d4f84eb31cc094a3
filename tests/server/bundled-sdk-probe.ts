import tcb from '@cloudbase/node-sdk'

/**
 * The entry of a test bundle (tests/server/bundle-cloud-path.test.ts), built like a function's with
 * the SDK inlined: touches each SDK part the bundles defer to first use (scripts/functions-bundle.ts
 * DEFERRED_SDK_MODULES and the data-model client) and reports what each gave, so the test sees the
 * stand-ins turn into the working modules. Runs in a fresh process with a cloud-like environment.
 */
export async function probeDeferredSdk() {
  const loaded = () => (process as unknown as { moduleLoadList: string[] }).moduleLoadList.some((m) => m.includes('undici'))
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  const fetchLoadedAtInit = loaded()
  // The data-model client: `app.models` is made on first use (loading it makes Node load fetch).
  const model = app.models.members as unknown as Record<string, unknown>
  // storage: a real request through the endpoint.
  const urls = await app.getTempFileURL({ fileList: ['cloud://huika-local.bucket/uploads/a.png'] })
  // auth: the caller as the platform's context says.
  const user = app.auth().getUserInfo()
  return {
    fetchLoadedAtInit,
    fetchLoadedAfterModels: loaded(),
    modelMethods: ['get', 'list', 'create'].map((m) => typeof model[m]),
    tempFileURL: (urls.fileList as Array<{ tempFileURL?: string; download_url?: string }>)[0],
    openId: user.openId,
    ai: typeof app.ai().createModel,
    // axios, behind `requestClient` (a shim for extensions the SDK's types leave out)
    requestClient: typeof (app as unknown as { requestClient: { get: unknown } }).requestClient.get,
  }
}
