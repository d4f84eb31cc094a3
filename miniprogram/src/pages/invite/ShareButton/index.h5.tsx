import Taro from '@tarojs/taro'
import { useI18n } from '../../../i18n'
import { Button } from '../../../ui'
import type { ShareButtonProps } from '.'

/** A browser cannot send a WeChat card: the invite link goes to the clipboard to paste into a chat. */
export default function ShareButton({ path }: ShareButtonProps) {
  const { t } = useI18n()
  const copy = async () => {
    await Taro.setClipboardData({ data: `${window.location.origin}${path}` })
    Taro.showToast({ title: t.invite.linkCopied, icon: 'none' })
  }
  return (
    <Button id='invite-share' type='primary' size='large' block onClick={() => void copy()}>
      {t.invite.share}
    </Button>
  )
}
