import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import type { ConsentsView } from '@shared/messaging/api'
import AskButton, { askable } from '../../../components/SubscribePrompt/AskButton'
import PageState from '../../../components/PageState'
import { useI18n } from '../../../i18n'
import type { CallError } from '../../../services/api'
import { loadConsents, sendAnswers, setSmsConsent, type OptInAnswer } from '../../../services/consent'
import { Cell, CellGroup, Checkbox } from '../../../ui'

type State = { kind: 'loading' } | { kind: 'error'; error: CallError } | { kind: 'ready'; view: ConsentsView; busy: boolean }

/** 消息通知 on the profile page: the opt-ins left per reminder, a button to grant more, and SMS consent. */
export default function Notifications() {
  const { t } = useI18n()
  const c = t.consent
  const [state, setState] = useState<State>({ kind: 'loading' })

  const load = useCallback(async () => {
    const res = await loadConsents()
    setState(res.ok ? { kind: 'ready', view: res.data, busy: false } : { kind: 'error', error: res.error })
  }, [])
  useEffect(() => void load(), [load])

  if (state.kind === 'loading') return <PageState state='loading' />
  if (state.kind === 'error') return <PageState state='error' error={state.error} onRetry={() => (setState({ kind: 'loading' }), load())} />

  const { view, busy } = state
  const apply = async (change: () => ReturnType<typeof loadConsents>, done: string) => {
    setState({ kind: 'ready', view, busy: true })
    const res = await change()
    setState({ kind: 'ready', view: res.ok ? res.data : view, busy: false })
    Taro.showToast({ title: res.ok ? done : res.error.message, icon: res.ok ? 'success' : 'none' })
  }
  const onAnswers = (answers: OptInAnswer[]) => {
    if (answers.length) void apply(() => sendAnswers('profile', answers), c.subscribeSaved)
  }
  const ask = askable(view.ask)
  return (
    <View id='profile-notifications'>
      <CellGroup title={c.title}>
        {view.templates.map((x) => (
          <Cell key={x.template} title={x.title} extra={<Text id={`profile-optin-${x.template}`}>{c.remaining(x.remaining)}</Text>} />
        ))}
        <Cell>
          <View className='profile__notify'>
            {ask.length > 0 ? (
              <AskButton id='profile-optin' label={c.subscribeMore} templates={ask} busy={busy} onAnswers={onAnswers} />
            ) : (
              <Text className='profile__note'>{c.nothingToAsk}</Text>
            )}
            <Text className='profile__note'>{c.subscribeNote}</Text>
          </View>
        </Cell>
        <Cell>
          <View className='profile__notify'>
            <Checkbox id='profile-sms' checked={view.sms.on} disabled={busy} onChange={(on: boolean) => void apply(() => setSmsConsent(on), on ? c.smsOn : c.smsOff)}>
              {c.sms}
            </Checkbox>
            <Text className='profile__note'>{c.smsNote}</Text>
          </View>
        </Cell>
      </CellGroup>
    </View>
  )
}
