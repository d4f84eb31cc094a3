import { useState } from 'react'
import { fenToYuan, yuanToFen } from '../services/money'
import type { StaffMessages } from './i18n/zh-CN'

/** A yuan amount field: the raw text, its exact fen value, and a hint to show under it (`echo` of the amount, or what is wrong). */
export function useAmount(s: StaffMessages, echo: (yuan: string) => string) {
  const [text, setText] = useState('')
  const parsed = yuanToFen(text)
  const fen = parsed.ok ? parsed.fen : undefined
  const hint = parsed.ok ? echo(fenToYuan(parsed.fen)) : text.trim() ? s.amountError[parsed.error] : ''
  const error = parsed.ok ? undefined : s.amountError[parsed.error]
  return { text, setText, fen, hint, error, invalid: !parsed.ok && text.trim() !== '' }
}
