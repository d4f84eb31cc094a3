import type { ScanButtonProps } from '.'

/** In the browser the code is typed (or sent by a USB scanner acting as a keyboard) into the code field. */
export default function ScanButton(_props: ScanButtonProps) {
  return null
}
