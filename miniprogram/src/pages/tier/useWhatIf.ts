import { useEffect, useRef, useState } from 'react'
import type { ActionOutput } from '@shared/api'
import { call, type CallError } from '../../services/api'
import { yuanToFen, type YuanError } from '../../services/money'

type WhatIfResult = ActionOutput<'tier', 'whatIf'>

export type WhatIfState =
  | { kind: 'idle' }
  | { kind: 'invalid'; error: YuanError }
  /** Waiting for the pause in typing, or for the answer; the last answer stays on screen meanwhile. */
  | { kind: 'pending'; last?: WhatIfResult }
  | { kind: 'ready'; result: WhatIfResult }
  | { kind: 'error'; error: CallError }

/**
 * "What if I spend ¥X today": the typed yuan amount, parsed to exact fen as the till does, sent to
 * `tier.whatIf` once typing pauses for `delayMs`. A later keystroke (or a newer `basis`, such as a
 * reloaded status) drops any answer still on its way, so the sentence always matches the amount shown.
 */
export function useWhatIf(basis: unknown, delayMs = 300) {
  const [text, setText] = useState('')
  const [state, setState] = useState<WhatIfState>({ kind: 'idle' })
  const generation = useRef(0)

  useEffect(() => {
    const gen = ++generation.current
    if (!text.trim()) return setState({ kind: 'idle' })
    const parsed = yuanToFen(text)
    if (!parsed.ok) return setState({ kind: 'invalid', error: parsed.error })
    setState((s) => ({ kind: 'pending', last: s.kind === 'ready' ? s.result : s.kind === 'pending' ? s.last : undefined }))
    const timer = setTimeout(async () => {
      const res = await call('tier', 'whatIf', { spendFen: parsed.fen })
      if (gen !== generation.current) return
      setState(res.ok ? { kind: 'ready', result: res.data } : { kind: 'error', error: res.error })
    }, delayMs)
    return () => clearTimeout(timer)
  }, [text, basis, delayMs])

  return { text, setText, state }
}
