import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { CloudBaseApp, Logger } from './deps'

/**
 * Where uploaded files live (item pictures, import files): the local data directory or CloudBase
 * storage. A fileId is what documents keep; `url` is what a browser or the mini-program shows.
 */
export interface FileStore {
  /** Stores `bytes` under a new id (the name only lends its extension and a readable part). */
  put(name: string, bytes: Buffer): Promise<string>
  /** The file's bytes, or null when there is no such file (or the id is malformed). */
  get(fileId: string): Promise<Buffer | null>
  url(fileId: string): string
}

/** The readable part of a file name: ASCII letters, digits, dot, dash, underscore; the rest becomes `_`. */
function safeName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).normalize('NFKC')
  const ext = path.extname(base).toLowerCase().replace(/[^a-z0-9.]/g, '').slice(0, 10)
  const stem = base.slice(0, base.length - path.extname(base).length).replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60)
  return `${stem || 'file'}${ext}`
}

/** A local fileId: 24 hex characters, a dash, the safe name. Exactly one path segment, no dot-dot. */
const LOCAL_ID = /^[0-9a-f]{24}-[A-Za-z0-9_-]{1,60}(\.[a-z0-9]{1,9})?$/

export const isLocalFileId = (id: string): boolean => LOCAL_ID.test(id)

/** Local mode: files in `<dataDir>/files/`, served by the local server at `/files/<fileId>`. */
export function localFiles(dataDir: string): FileStore {
  const dir = path.join(dataDir, 'files')
  mkdirSync(dir, { recursive: true })
  return {
    async put(name, bytes) {
      const id = `${randomBytes(12).toString('hex')}-${safeName(name)}`
      // Written aside and renamed, so a reader never sees half a file.
      const tmp = path.join(dir, `.${id}.tmp`)
      await writeFile(tmp, bytes)
      await rename(tmp, path.join(dir, id))
      return id
    },
    async get(fileId) {
      if (!isLocalFileId(fileId)) return null
      try {
        return await readFile(path.join(dir, fileId))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw err
      }
    },
    url: (fileId) => `/files/${encodeURIComponent(fileId)}`,
  }
}

/**
 * `cloud://<env>.<bucket>/<path>` → `https://<bucket>.tcb.qcloud.la/<path>`: the storage's CDN
 * address, which is what getTempFileURL answers (permanently) for a public-read file.
 */
export function cloudFileUrl(fileId: string): string {
  const m = /^cloud:\/\/[^.\/]+\.([^\/]+)\/(.+)$/.exec(fileId)
  return m ? `https://${m[1]}.tcb.qcloud.la/${m[2].split('/').map(encodeURIComponent).join('/')}` : fileId
}

/** In CloudBase: the environment's storage, under `uploads/`; the fileId is the cloud fileID. */
export function cloudFiles(app: CloudBaseApp, log: Logger): FileStore {
  // Addresses getTempFileURL gave for files this container stored (else derived, cloudFileUrl).
  const urls = new Map<string, string>()
  return {
    async put(name, bytes) {
      const res = await app.uploadFile({ cloudPath: `uploads/${randomBytes(12).toString('hex')}-${safeName(name)}`, fileContent: bytes })
      try {
        const got = await app.getTempFileURL({ fileList: [res.fileID] })
        const url = got.fileList?.[0]?.tempFileURL
        if (url) urls.set(res.fileID, url)
      } catch (err) {
        log.error(`getTempFileURL ${res.fileID} failed`, err)
      }
      return res.fileID
    },
    async get(fileId) {
      if (!fileId.startsWith('cloud://')) return null
      try {
        const res = await app.downloadFile({ fileID: fileId })
        const content = res.fileContent
        if (content === undefined) return null
        return typeof content === 'string' ? Buffer.from(content) : content
      } catch (err) {
        log.error(`downloadFile ${fileId} failed`, err)
        return null
      }
    },
    url: (fileId) => urls.get(fileId) ?? cloudFileUrl(fileId),
  }
}
