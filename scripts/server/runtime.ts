import tcb from '@cloudbase/node-sdk'
import { consoleLogger, type Deps, type Logger } from '../../cloudfunctions/_lib/deps'
import { localFiles } from '../../cloudfunctions/_lib/files'
import { cryptoIds } from '../../cloudfunctions/_lib/ids'
import { localMiniCode } from '../../cloudfunctions/_lib/mini-code'
import { memoryOutbox, type Outbox } from '../../cloudfunctions/_lib/outbox'
import type { CloudFunction } from '../../cloudfunctions/_lib/router'
import { hmacSigner } from '../../cloudfunctions/_lib/secret'
import { outboxSms, unconfiguredSms } from '../../cloudfunctions/_lib/sms'
import { outboxSubscribe, unconfiguredSubscribe } from '../../cloudfunctions/_lib/subscribe'
import { simulatedWeChatPhone, type WeChatPhoneApi } from '../../cloudfunctions/_lib/wechat-phone'
import { openLocalStore, useLocalStore, type LocalStore } from '../local-cloudbase'
import { movableClock, type MovableClock } from './clock'
import { loadRegistry, type Registry } from './registry'
import { loadOrCreateSecret } from './secret'

export type Mode = 'local' | 'production'

/** Everything the local server and the CLI share: the store, the clock, the deps, the built functions. */
export interface LocalRuntime {
  mode: Mode
  store: LocalStore
  clock: MovableClock
  outbox: Outbox
  deps: Deps
  registry: Registry
  /** Every function, built once with `deps`. */
  functions: Map<string, CloudFunction>
  close(): void
}

/** Production mode has no WeChat to ask and no simulation to fall back on. */
const noWeChatPhone: WeChatPhoneApi = { phoneFromCode: async () => null }

/** `checkpoints: 'background'` for a long-running server (see local-cloudbase/checkpointer.ts); short runs keep SQLite's own. */
export function openLocalRuntime(opts: { dataDir: string; mode: Mode; log?: Logger; checkpoints?: 'inline' | 'background' }): LocalRuntime {
  const clock = movableClock()
  const store = openLocalStore({ dir: opts.dataDir, now: clock.now, checkpoints: opts.checkpoints ?? 'inline' })
  try {
    useLocalStore(store)
    const outbox = memoryOutbox()
    const local = opts.mode === 'local'
    const deps: Deps = {
      // The same call the functions make in the cloud; the transport is redirected to `store`.
      db: tcb.init({ env: 'huika-local' }).database(),
      now: clock.now,
      sign: hmacSigner(loadOrCreateSecret(opts.dataDir)),
      sms: local ? outboxSms(outbox, clock.now) : unconfiguredSms(),
      subscribe: local ? outboxSubscribe(outbox, clock.now) : unconfiguredSubscribe(),
      wechatPhone: local ? simulatedWeChatPhone() : noWeChatPhone,
      miniCode: localMiniCode(),
      files: localFiles(opts.dataDir),
      ids: cryptoIds,
      log: opts.log ?? consoleLogger,
    }
    const registry = loadRegistry()
    const functions = new Map([...registry.functions].map(([name, def]) => [name, def.build(deps)]))
    return { mode: opts.mode, store, clock, outbox, deps, registry, functions, close: () => store.close() }
  } catch (err) {
    store.close()
    throw err
  }
}
