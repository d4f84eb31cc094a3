import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useI18n } from '../../i18n'
import { devToolsEnabled } from '../../services/identity'
import type { CallError } from '../../services/api'
import { Button, Empty, Loading } from '../../ui'
import './index.scss'

type Props =
  | { state: 'loading'; label?: string }
  | { state: 'empty'; title: string; description?: string; action?: { label: string; onClick: () => void } }
  | { state: 'error'; error: CallError; onRetry?: () => void }

/** The loading, empty and error screens every page shares. */
export default function PageState(props: Props) {
  const { t } = useI18n()
  if (props.state === 'loading') {
    return (
      <View className='page-state' id='page-loading'>
        <Loading direction='vertical'>{props.label ?? t.common.loading}</Loading>
      </View>
    )
  }
  if (props.state === 'empty') {
    return (
      <View className='page-state' id='page-empty'>
        <Empty image={<Text className='page-state__icon'>🪪</Text>} title={props.title} description={props.description} />
        {props.action && (
          <Button type='primary' onClick={props.action.onClick}>
            {props.action.label}
          </Button>
        )}
      </View>
    )
  }
  const { error, onRetry } = props
  // Without an identity in local H5 the dev page is where to fix it.
  const offerDevIdentity = devToolsEnabled && error.code === 'UNAUTHENTICATED'
  return (
    <View className='page-state' id='page-error'>
      <Empty image={<Text className='page-state__icon'>⚠️</Text>} title={error.message} status='error' />
      <View className='page-state__actions'>
        {onRetry && (
          <Button type='primary' fill='outline' onClick={onRetry}>
            {t.common.retry}
          </Button>
        )}
        {offerDevIdentity && <Button onClick={() => Taro.navigateTo({ url: '/pages/dev/index' })}>{t.common.goDevIdentity}</Button>}
      </View>
    </View>
  )
}

