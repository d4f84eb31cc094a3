import qrcode from 'qrcode-generator'
import type { CloudBaseApp, Logger } from './deps'

/** The image a friend scans to open a page of the mini-program (a share poster's code). */
export interface MiniCodeApi {
  /** A data URL, or null when it could not be made. `scene` is at most 32 characters. */
  image(page: string, scene: string): Promise<string | null>
}

/**
 * In the cloud: WeChat's unlimited mini-program code (`wxacode.getUnlimited`, POST
 * /wxa/getwxacodeunlimit {scene, page}) through CloudBase's open-API call. The function's
 * config.json lists `wxacode.getUnlimited` under permissions.openapi. The page gets `scene`.
 */
export function cloudMiniCode(app: CloudBaseApp, log: Logger): MiniCodeApi {
  return {
    async image(page, scene) {
      const res = (await app.callWxOpenApi({
        apiName: '/wxa/getwxacodeunlimit',
        requestData: { scene, page: page.replace(/^\//, ''), check_path: false },
      })) as { code?: string; message?: string; result?: unknown }
      const body = res.result
      if (res.code || !(body instanceof Uint8Array)) {
        log.error(`getwxacodeunlimit failed: ${res.code ?? ''} ${res.message ?? ''}`)
        return null
      }
      return `data:image/jpeg;base64,${Buffer.from(body).toString('base64')}`
    },
  }
}

/** Local mode: a QR code of the page's path and scene, drawn here (there is no WeChat to ask). */
export function localMiniCode(): MiniCodeApi {
  return {
    async image(page, scene) {
      const qr = qrcode(0, 'M')
      qr.addData(`${page}?invite=${encodeURIComponent(scene)}`)
      qr.make()
      return qr.createDataURL(6, 8)
    },
  }
}
