import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import type { ZodType } from '@shared/zod'
import type { CallError } from '../services/api'

export type Check<T> =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'error'; error: CallError }
  | { kind: 'ready'; code: string; result: T }

type Answer<T> = { ok: true; data: T } | { ok: false; error: CallError }

/**
 * The scan-then-check step of the write-off and hand-over pages: the code as typed, its check by
 * the server, and `reset` (what the page showed for the last code) whenever the code changes or is
 * looked up again. A code a link carried is looked up at once. Only the answer to the latest lookup
 * counts: an older one may arrive after the code changed.
 */
export function useCodeCheck<T>(opts: {
  initialCode: string
  schema: ZodType<string, string>
  placeholder: string
  check: (code: string) => Promise<Answer<T>>
  reset: () => void
}) {
  const [codeText, setCodeText] = useState(opts.initialCode)
  const [check, setCheck] = useState<Check<T>>({ kind: 'idle' })
  const latest = useRef(0)

  const find = async (text: string) => {
    const code = opts.schema.safeParse(text)
    if (!code.success) return void Taro.showToast({ title: code.error.issues[0]?.message ?? opts.placeholder, icon: 'none', duration: 2500 })
    const seq = ++latest.current
    setCheck({ kind: 'loading' })
    opts.reset()
    const res = await opts.check(code.data)
    if (seq !== latest.current) return
    setCheck(res.ok ? { kind: 'ready', code: code.data, result: res.data } : { kind: 'error', error: res.error })
  }

  useEffect(() => {
    if (opts.initialCode) void find(opts.initialCode)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opts.initialCode])

  const editCode = (text: string) => {
    setCodeText(text)
    latest.current++
    setCheck({ kind: 'idle' })
    opts.reset()
  }

  return { codeText, check, find, editCode }
}
