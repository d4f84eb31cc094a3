import { createHash } from 'node:crypto'
import type { CloudBaseApp, Logger } from './deps'

/** Turns the one-time code from `<button open-type="getPhoneNumber">` into the user's phone number. */
export interface WeChatPhoneApi {
  /** The phone, or null when WeChat refused the code (expired, used, forged). */
  phoneFromCode(code: string): Promise<{ phone: string; simulated: boolean } | null>
}

/**
 * In the cloud: WeChat's `phonenumber.getPhoneNumber` open API (POST /wxa/business/getuserphonenumber
 * {code} → {errcode, phone_info: {purePhoneNumber, countryCode}}), through CloudBase's open-API call,
 * which needs no access_token. The function's config.json must list `phonenumber.getPhoneNumber`
 * under permissions.openapi. Each call costs the merchant a few fen.
 */
export function cloudWeChatPhone(app: CloudBaseApp, log: Logger): WeChatPhoneApi {
  return {
    async phoneFromCode(code) {
      const res = (await app.callWxOpenApi({ apiName: '/wxa/business/getuserphonenumber', requestData: { code } })) as {
        code?: string
        message?: string
        result?: { errcode?: number; errmsg?: string; phone_info?: { purePhoneNumber?: string; countryCode?: string | number } }
      }
      const info = res.result?.phone_info
      if (res.code || res.result?.errcode || !info?.purePhoneNumber) {
        log.error(`getuserphonenumber failed: ${res.code ?? res.result?.errcode} ${res.message ?? res.result?.errmsg ?? ''}`)
        return null
      }
      if (String(info.countryCode ?? '86') !== '86') return null
      return { phone: info.purePhoneNumber, simulated: false }
    },
  }
}

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/

/**
 * SIMULATED, local mode only: there is no WeChat here, so the "phone" is made up from the code,
 * deterministically (the same code always gives the same phone). A code that is itself a mainland
 * mobile number gives that number, so a developer can choose one. Members registered this way are
 * flagged `phoneSimulated: true`.
 */
export function simulatedWeChatPhone(): WeChatPhoneApi {
  return {
    async phoneFromCode(code) {
      const trimmed = code.trim()
      if (MAINLAND_MOBILE.test(trimmed)) return { phone: trimmed, simulated: true }
      const n = createHash('sha256').update(`simulated-wechat-phone|${trimmed}`).digest().readUIntBE(0, 6) % 1_000_000_000
      return { phone: `19${String(n).padStart(9, '0')}`, simulated: true }
    },
  }
}
