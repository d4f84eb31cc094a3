import Taro from '@tarojs/taro'
import type { SaveOutcome } from './poster'

export async function previewPoster(image: string): Promise<void> {
  await Taro.previewImage({ urls: [image], current: image })
}

/** A browser has no photo album: the image downloads under a name that says what it is. */
export async function savePoster(image: string, code: string): Promise<SaveOutcome> {
  const type = /^data:image\/(\w+)/.exec(image)?.[1] ?? 'png'
  const link = document.createElement('a')
  link.href = image
  link.download = `invite-${code}.${type === 'jpeg' ? 'jpg' : type}`
  document.body.appendChild(link)
  link.click()
  link.remove()
  return 'downloaded'
}
