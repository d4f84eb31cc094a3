import type { ReactElement } from 'react'

export type ShareButtonProps = {
  /** The page a friend opens, from share.invite (`/pages/register/index?invite=…`). */
  path: string
}

/** "分享给好友": WeChat's share button (the card comes from the page's useShareAppMessage); in a browser, copies the link. */
export default function ShareButton(props: ShareButtonProps): ReactElement | null
