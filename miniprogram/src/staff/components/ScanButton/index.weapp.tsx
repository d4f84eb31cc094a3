import Taro from '@tarojs/taro'
import { Button } from '../../../ui'
import { useStaffI18n } from '../../i18n'
import type { ScanButtonProps } from '.'

export default function ScanButton({ onCode, onFail }: ScanButtonProps) {
  const { s } = useStaffI18n()
  const scan = async () => {
    try {
      // The member code is both a QR code and a Code 128 barcode: a hand scanner or the camera reads either.
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'barCode'] })
      if (res.result) onCode(res.result)
      else onFail()
    } catch {
      onFail() // cancelled or the camera refused: typing the digits still works
    }
  }
  return (
    <Button id='staff-scan' type='primary' onClick={scan}>
      {s.scan}
    </Button>
  )
}
