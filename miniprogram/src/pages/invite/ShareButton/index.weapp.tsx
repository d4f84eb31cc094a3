import { useI18n } from '../../../i18n'
import { Button } from '../../../ui'
import type { ShareButtonProps } from '.'

// openType='share' makes WeChat ask the page's useShareAppMessage for the card, so `path` is not needed here.
export default function ShareButton(_props: ShareButtonProps) {
  const { t } = useI18n()
  return (
    <Button id='invite-share' type='primary' size='large' block openType='share'>
      {t.invite.share}
    </Button>
  )
}
