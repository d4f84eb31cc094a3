/**
 * Sends `{action, ...input}` to a cloud function and resolves with the raw response body.
 * transport.weapp.ts uses Taro.cloud.callFunction; transport.h5.ts POSTs to /api/<name>.
 * Rejects only when nothing usable came back (network down, function missing).
 */
export declare function send(name: string, body: Record<string, unknown>): Promise<unknown>
