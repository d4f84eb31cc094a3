import { call, type Out } from './api'

/** 512 KB of file per call: its base64 (≈ 683 KB) fits the upload action's 700 000-character limit. */
export const CHUNK_BYTES = 512 * 1024

function base64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

/** Sends a file with admin.upload, chunk by chunk; `onProgress` gets the fraction sent (0 to 1). */
export async function uploadFile(file: File, onProgress: (fraction: number) => void = () => {}): Promise<Out<'upload'>> {
  const chunks = Math.max(1, Math.ceil(file.size / CHUNK_BYTES))
  let uploadId: string | undefined
  let last: Out<'upload'> | null = null
  onProgress(0)
  for (let index = 0; index < chunks; index++) {
    const bytes = new Uint8Array(await file.slice(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES).arrayBuffer())
    last = await call('upload', { name: file.name, uploadId, index, data: base64(bytes), last: index === chunks - 1 })
    uploadId = last.uploadId
    onProgress((index + 1) / chunks)
  }
  return last!
}
