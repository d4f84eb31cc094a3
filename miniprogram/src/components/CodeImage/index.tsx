import { Image, Text, View } from '@tarojs/components'
import { useMemo } from 'react'
import { groupCode } from '@shared/coupon/coupon'
import { barcodeDataUri, qrDataUri } from '../MemberCode/codes'
import './index.scss'

type Props = {
  /** Element ids: `${id}` on the block, `-qr`, `-barcode`, `-text` on its parts. */
  id: string
  /** A coupon or pickup code (12 characters of Crockford base32). */
  code: string
  /** Add a Code 128 barcode under the QR code (tills with a laser scanner read only that). */
  barcode?: boolean
  tip?: string
}

/**
 * A fixed code for the till to scan: a QR code, optionally a barcode, and the code in groups of
 * four to read out. Drawn with MemberCode's encoders (pure JS data URIs, the same in weapp and
 * H5); unlike MemberCode it neither rotates nor counts down.
 */
export default function CodeImage({ id, code, barcode = false, tip }: Props) {
  const images = useMemo(() => ({ qr: qrDataUri(code), bar: barcode ? barcodeDataUri(code) : '' }), [code, barcode])
  return (
    <View id={id} className='code-image' data-code={code}>
      {tip && <Text className='code-image__tip'>{tip}</Text>}
      <Image id={`${id}-qr`} className='code-image__qr' src={images.qr} mode='aspectFit' />
      {barcode && <Image id={`${id}-barcode`} className='code-image__barcode' src={images.bar} mode='scaleToFill' />}
      <Text id={`${id}-text`} className='code-image__text' userSelect>
        {groupCode(code)}
      </Text>
    </View>
  )
}
