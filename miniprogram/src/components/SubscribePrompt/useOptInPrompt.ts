import { useCallback, useEffect, useRef, useState } from 'react'
import { askable } from './AskButton'
import { askedToday, loadConsents, markAsked, sendAnswers, type AskTemplate, type ConsentMoment, type OptInAnswer } from '../../services/consent'
import type { CallError } from '../../services/api'

export type PromptState =
  | { kind: 'hidden' }
  | { kind: 'open'; templates: AskTemplate[]; sending: boolean; error?: CallError }
  /** `accepted`: the titles the member opted in to (empty: they declined them all). */
  | { kind: 'done'; accepted: string[] }

/**
 * The opt-in prompt of one moment: once `trigger` turns true, and if this moment has not asked
 * today, it asks the server what is worth asking for and opens with those templates (nothing to
 * ask: it stays hidden). Shown counts as asked, so dismissing it does not bring it back today.
 */
export function useOptInPrompt(moment: ConsentMoment, trigger: boolean) {
  const [state, setState] = useState<PromptState>({ kind: 'hidden' })
  const started = useRef(false)

  useEffect(() => {
    if (!trigger || started.current || askedToday(moment)) return
    started.current = true
    void (async () => {
      const res = await loadConsents()
      const templates = res.ok ? askable(res.data.ask) : []
      if (templates.length === 0) return
      markAsked(moment)
      setState({ kind: 'open', templates, sending: false })
    })()
  }, [moment, trigger])

  const answer = useCallback(
    async (answers: OptInAnswer[]) => {
      if (state.kind !== 'open') return
      if (answers.length === 0) return setState({ kind: 'hidden' })
      setState({ ...state, sending: true, error: undefined })
      const res = await sendAnswers(moment, answers)
      if (!res.ok) return setState({ ...state, sending: false, error: res.error })
      const accepted = answers.filter((a) => a.result === 'accept').map((a) => state.templates.find((t) => t.template === a.template)?.title ?? a.template)
      setState({ kind: 'done', accepted })
    },
    [moment, state],
  )
  const dismiss = useCallback(() => setState({ kind: 'hidden' }), [])
  return { state, answer, dismiss }
}
