import type { BaseEventOrig, ButtonProps } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useI18n } from '../../../i18n'
import { Button } from '../../../ui'
import type { WeChatPhoneProps } from '.'

export default function WeChatPhone({ consent, busy, onPhoneCode, onNeedConsent }: WeChatPhoneProps) {
  const { t } = useI18n()
  // Until consent is ticked the button only asks for it, so WeChat's dialog never opens first.
  if (!consent) {
    return (
      <Button id='register-wechat-phone' type='primary' block onClick={onNeedConsent}>
        {t.register.wechatPhone}
      </Button>
    )
  }
  const onGetPhoneNumber = (e: BaseEventOrig<ButtonProps.onGetPhoneNumberEventDetail>) => {
    if (e.detail.code) onPhoneCode(e.detail.code)
    else Taro.showToast({ title: t.register.wechatPhoneDenied, icon: 'none' })
  }
  return (
    <Button id='register-wechat-phone' type='primary' block loading={busy} openType='getPhoneNumber' onGetPhoneNumber={onGetPhoneNumber}>
      {t.register.wechatPhone}
    </Button>
  )
}
