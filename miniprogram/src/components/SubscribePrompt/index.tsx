import { Text, View } from '@tarojs/components'
import { useI18n } from '../../i18n'
import type { ConsentMoment } from '../../services/consent'
import AskButton from './AskButton'
import { useOptInPrompt } from './useOptInPrompt'
import './index.scss'

/**
 * "开启消息提醒": asks for subscribe opt-ins right after a moment members welcome (a credit, a
 * check-in), at most once a day per moment, for the templates worth having now (expiring points
 * and the level first).
 */
export default function SubscribePrompt({ moment, trigger }: { moment: ConsentMoment; trigger: boolean }) {
  const { t } = useI18n()
  const c = t.consent
  const { state, answer, dismiss } = useOptInPrompt(moment, trigger)
  if (state.kind === 'hidden') return null
  if (state.kind === 'done') {
    return (
      <View id='optin-prompt' className='optin-prompt' data-moment={moment} data-state='done'>
        <Text id='optin-done' className='optin-prompt__text'>
          {state.accepted.length ? c.accepted(state.accepted) : c.declined}
        </Text>
        <Text id='optin-close' className='optin-prompt__later' onClick={dismiss}>
          {c.close}
        </Text>
      </View>
    )
  }
  return (
    <View id='optin-prompt' className='optin-prompt' data-moment={moment} data-state='open'>
      <Text className='optin-prompt__title'>{c.promptTitle}</Text>
      <Text className='optin-prompt__text'>{moment === 'credit' ? c.afterCredit : moment === 'checkin' ? c.afterCheckin : c.promptText}</Text>
      <View className='optin-prompt__list'>
        {state.templates.map((x) => (
          <Text key={x.template} className='optin-prompt__item' data-template={x.template}>
            {x.title}
          </Text>
        ))}
      </View>
      {state.error && (
        <Text id='optin-error' className='optin-prompt__error'>
          {state.error.message}
        </Text>
      )}
      <AskButton id='optin-allow' label={c.allowAll} templates={state.templates} busy={state.sending} onAnswers={(a) => void answer(a)} />
      <Text id='optin-later' className='optin-prompt__later' onClick={dismiss}>
        {c.later}
      </Text>
    </View>
  )
}
