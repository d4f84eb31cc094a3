import type { PropsWithChildren } from 'react'
import './app.scss'

/** Pages render as children; locale and services are module-level, so nothing to provide here. */
export default function App({ children }: PropsWithChildren) {
  return children
}
