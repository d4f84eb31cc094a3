import { Image, Text, View } from '@tarojs/components'
import { useEffect, useMemo, useState } from 'react'
import { useI18n } from '../../i18n'
import { barcodeDataUri, groupDigits, qrDataUri } from './codes'
import './index.scss'

export type MemberCodeProps = {
  /** Digits from `member.code`. */
  code: string
  /** When the code stops being accepted, in this device's clock (ms since epoch). */
  expiresAt: number
  /** True while a new code is on its way. */
  refreshing?: boolean
  /** Tap on the codes, or the code has expired. */
  onRefresh?: () => void
}

/** The rotating member code: QR code, Code 128 barcode, the digits and a countdown. */
export default function MemberCode({ code, expiresAt, refreshing = false, onRefresh }: MemberCodeProps) {
  const { t } = useI18n()
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [expiresAt])

  const images = useMemo(() => (code ? { qr: qrDataUri(code), bar: barcodeDataUri(code) } : undefined), [code])
  const secondsLeft = Math.max(0, Math.ceil((expiresAt - now) / 1000))
  const expired = secondsLeft === 0
  const status = refreshing ? t.card.refreshing : expired ? t.card.expired : t.card.refreshIn(secondsLeft)

  return (
    <View className={`member-code${expired ? ' member-code--expired' : ''}`} onClick={() => onRefresh?.()}>
      <View className='member-code__tip'>{t.card.showToCashier}</View>
      <Image id='card-barcode' className='member-code__barcode' src={images?.bar ?? ''} mode='scaleToFill' />
      <Text id='card-code-digits' className='member-code__digits'>
        {groupDigits(code)}
      </Text>
      <Image id='card-qrcode' className='member-code__qr' src={images?.qr ?? ''} mode='aspectFit' />
      <Text id='card-countdown' className='member-code__status'>
        {status}
      </Text>
      <Text className='member-code__hint'>{t.card.tapToRefresh}</Text>
    </View>
  )
}
