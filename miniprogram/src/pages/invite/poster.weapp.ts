import Taro from '@tarojs/taro'
import type { SaveOutcome } from './poster'

/** WeChat previews and saves files, not data URLs: the image is written to the user data folder first. */
function writeImage(image: string, code: string): Promise<string> {
  const m = /^data:image\/(\w+);base64,(.+)$/.exec(image)
  if (!m) return Promise.reject(new Error('not a base64 image data URL'))
  const filePath = `${Taro.env.USER_DATA_PATH}/invite-${code}.${m[1] === 'jpeg' ? 'jpg' : m[1]}`
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({ filePath, data: m[2], encoding: 'base64', success: () => resolve(filePath), fail: reject })
  })
}

export async function previewPoster(image: string, code: string): Promise<void> {
  const path = await writeImage(image, code)
  await Taro.previewImage({ urls: [path], current: path })
}

export async function savePoster(image: string, code: string): Promise<SaveOutcome> {
  try {
    await Taro.saveImageToPhotosAlbum({ filePath: await writeImage(image, code) })
    return 'saved'
  } catch (err) {
    // "saveImageToPhotosAlbum:fail auth deny" (or "authorize no response") when the album permission is refused.
    return /auth/i.test((err as { errMsg?: string } | undefined)?.errMsg ?? '') ? 'denied' : 'failed'
  }
}
