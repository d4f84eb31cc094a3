import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { en } from './en'
import { zhCN, type Messages } from './zh-CN'

export type Locale = 'zh-CN' | 'en'
export type { Messages }

export const locales: Array<{ id: Locale; label: string }> = [
  { id: 'zh-CN', label: '简体中文' },
  { id: 'en', label: 'English' },
]

const dictionaries: Record<Locale, Messages> = { 'zh-CN': zhCN, en }
const STORAGE_KEY = 'huika.locale'
const listeners = new Set<(l: Locale) => void>()

function readStored(): Locale {
  try {
    const v = Taro.getStorageSync(STORAGE_KEY)
    return v === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

let current: Locale | undefined

export function getLocale(): Locale {
  return (current ??= readStored())
}

export function messages(locale: Locale = getLocale()): Messages {
  return dictionaries[locale]
}

/** Persists the choice and re-renders every mounted page, without a reload. */
export function setLocale(locale: Locale): void {
  current = locale
  Taro.setStorageSync(STORAGE_KEY, locale)
  listeners.forEach((l) => l(locale))
}

/** The current dictionary; components re-render when the locale changes. */
export function useI18n(): { t: Messages; locale: Locale } {
  const [locale, set] = useState(getLocale)
  useEffect(() => {
    listeners.add(set)
    return () => {
      listeners.delete(set)
    }
  }, [])
  return { t: dictionaries[locale], locale }
}

/** Sets the navigation bar title in the current locale. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    Taro.setNavigationBarTitle({ title })
  }, [title])
}
