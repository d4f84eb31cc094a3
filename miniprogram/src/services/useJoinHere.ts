import Taro, { useRouter } from '@tarojs/taro'
import { currentPageUrl, registerUrl } from './navigation'

/**
 * For a page a visitor opened before becoming a member (a menu link, a poster): sends them to
 * register, and back to this very page, its query included, afterwards.
 */
export function useJoinHere(): () => void {
  const { path, params } = useRouter()
  return () => void Taro.redirectTo({ url: registerUrl(currentPageUrl(path, params)) })
}
