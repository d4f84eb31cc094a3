import { Text, View } from '@tarojs/components'
import { useI18n } from '../../../i18n'
import { Button } from '../../../ui'
import type { WeChatPhoneProps } from '.'

/**
 * A browser has no WeChat phone dialog. The local server answers registerWithWeChatPhone
 * with a simulated phone number (flagged `phoneSimulated`), so the flow can be tried here.
 */
export default function WeChatPhone({ consent, busy, onPhoneCode, onNeedConsent }: WeChatPhoneProps) {
  const { t } = useI18n()
  const simulate = () => (consent ? onPhoneCode(`simulated-${Date.now().toString(36)}`) : onNeedConsent())
  return (
    <View className='wechat-phone--simulated'>
      <Button id='register-wechat-phone' fill='dashed' block loading={busy} onClick={simulate}>
        {t.register.wechatPhoneSimulated}
      </Button>
      <Text className='wechat-phone__note'>{t.register.wechatPhoneSimulatedNote}</Text>
    </View>
  )
}
