import type tcb from '@cloudbase/node-sdk'
import type { Signer } from '../../shared/member/member-code'
import type { SmsSender } from './sms'
import type { SubscribeSender } from './subscribe'
import type { WeChatPhoneApi } from './wechat-phone'
import type { IdSource } from './ids'
import type { MiniCodeApi } from './mini-code'
import type { FileStore } from './files'

export type CloudBaseApp = ReturnType<typeof tcb.init>
/** The CloudBase database: `tcb.init({ env }).database()`, the only way functions touch data. */
export type Database = ReturnType<CloudBaseApp['database']>

export interface Logger {
  error(message: string, err?: unknown): void
}

/**
 * Everything a function needs from the outside world, injected once when the function is built:
 * the same handlers run in the cloud, in the local server and in tests.
 */
export interface Deps {
  db: Database
  /** The one clock. Domain code takes `now` from here, never from `new Date()`. */
  now(): Date
  /** HMAC-SHA256 under the server secret (member codes, SMS code hashes). */
  sign: Signer
  sms: SmsSender
  /** WeChat subscribe messages (points expiry warnings). */
  subscribe: SubscribeSender
  wechatPhone: WeChatPhoneApi
  /** Mini-program code images for share posters. */
  miniCode: MiniCodeApi
  /** Uploaded files (item pictures, import files): the data directory locally, CloudBase storage in the cloud. */
  files: FileStore
  ids: IdSource
  log: Logger
}

export const consoleLogger: Logger = {
  error: (message, err) => console.error(`[huika] ${message}`, err instanceof Error ? err.stack ?? err.message : (err ?? '')),
}
