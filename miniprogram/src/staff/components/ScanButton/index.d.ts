import type { ReactElement } from 'react'

export type ScanButtonProps = {
  /** The scanned text (the member code's digits). */
  onCode: (code: string) => void
  /** The camera was closed without a code, or scanning failed. */
  onFail: () => void
}

/** WeChat's scanner (QR and barcodes) in weapp; nothing in H5, where the code is typed. */
export default function ScanButton(props: ScanButtonProps): ReactElement | null
