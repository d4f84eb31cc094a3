import Taro from '@tarojs/taro'
import { StorageKeys } from './storage'

/**
 * The dev identity page exists in H5 (served by the local server) and in weapp development
 * builds; a weapp production build leaves it out of app.json and hides every link to it.
 */
export const devToolsEnabled = process.env.TARO_ENV === 'h5' || process.env.NODE_ENV !== 'production'

/** Openids one tap away on the dev page; staff ones act only once `staff add` has added them. */
export const quickPicks = {
  members: ['member-a', 'member-b', 'demo-member-1'],
  staff: ['staff-demo', 'manager-demo'],
} as const

/** The openid the H5 client sends as `x-wx-openid` (local mode only; WeChat supplies it in the cloud). */
export function getDevOpenid(): string | undefined {
  try {
    const v = Taro.getStorageSync(StorageKeys.devOpenid)
    return typeof v === 'string' && v.trim() ? v.trim() : undefined
  } catch {
    return undefined
  }
}

export function setDevOpenid(openid: string | undefined): void {
  if (openid && openid.trim()) Taro.setStorageSync(StorageKeys.devOpenid, openid.trim())
  else Taro.removeStorageSync(StorageKeys.devOpenid)
}
