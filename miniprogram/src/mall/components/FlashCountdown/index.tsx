import { Text } from '@tarojs/components'
import type { ItemView } from '@shared/mall/schemas'
import { useI18n } from '../../../i18n'
import { countdownParts, flashPhase } from '../../clock'
import './index.scss'

type Props = { id: string; flash: NonNullable<ItemView['flash']>; serverNow: number }

/** "距开始 01:02:03" / "距结束 00:10:00" / "已结束", against the server's clock. */
export default function FlashCountdown({ id, flash, serverNow }: Props) {
  const { t } = useI18n()
  const { phase, msLeft } = flashPhase(flash, serverNow)
  const { days, hms } = countdownParts(msLeft)
  const clock = t.mall.clock(days, hms)
  const text = phase === 'upcoming' ? t.mall.startsIn(clock) : phase === 'live' ? t.mall.endsIn(clock) : t.mall.flash.ended
  return (
    <Text id={id} className={`flash-countdown flash-countdown--${phase}`} data-phase={phase}>
      {text}
    </Text>
  )
}
