import type { ReactElement } from 'react'

export type ScanButtonProps = {
  /** The scanned text: a member code, a coupon code or a mall order's pickup code. */
  onCode: (code: string) => void
  /** The camera was closed without a code, or scanning failed. */
  onFail: () => void
}

/** WeChat's scanner (QR and barcodes) in weapp; nothing in H5, where the code is typed. */
export default function ScanButton(props: ScanButtonProps): ReactElement | null
