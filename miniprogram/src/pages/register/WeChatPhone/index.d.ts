import type { ReactElement } from 'react'

export type WeChatPhoneProps = {
  /** Privacy consent ticked: WeChat's phone dialog may only open after it. */
  consent: boolean
  busy: boolean
  /** The one-time code WeChat hands out; the server exchanges it for the phone number. */
  onPhoneCode: (phoneCode: string) => void
  onNeedConsent: () => void
}

/** "微信手机号快捷登录": a getPhoneNumber button in weapp, a marked simulation in local H5. */
export default function WeChatPhone(props: WeChatPhoneProps): ReactElement | null
