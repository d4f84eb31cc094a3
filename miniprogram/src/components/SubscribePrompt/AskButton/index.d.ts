import type { ReactElement } from 'react'
import type { AskTemplate, OptInAnswer } from '../../../services/consent'

export type AskButtonProps = {
  id: string
  label: string
  templates: AskTemplate[]
  busy?: boolean
  /** What the member answered per template (templates WeChat did not ask about are left out). */
  onAnswers: (answers: OptInAnswer[]) => void
}

/**
 * The button that asks for subscribe opt-ins: WeChat's own dialog in weapp (it opens only from a
 * tap, so the request is made in the tap handler), an in-page stand-in for it in local H5.
 */
export default function AskButton(props: AskButtonProps): ReactElement | null

/** The templates this platform can ask for: weapp needs the deployment's WeChat template ids. */
export function askable(templates: AskTemplate[]): AskTemplate[]
