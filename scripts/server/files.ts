import type { FastifyInstance } from 'fastify'
import path from 'node:path'
import { fail } from '../../shared/errors'
import type { LocalRuntime } from './runtime'

/** What a browser needs to show or download the kinds of files the console uploads. */
const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

export const contentTypeOf = (fileId: string): string => CONTENT_TYPES[path.extname(fileId).toLowerCase()] ?? 'application/octet-stream'

/**
 * GET /files/:id: the local stand-in for CloudBase storage's download address (files.ts url()).
 * Stored files never change, so they may be cached; an unknown id answers 404 with the envelope.
 */
export function fileRoutes(app: FastifyInstance, rt: LocalRuntime) {
  app.get<{ Params: { id: string } }>('/files/:id', async (req, reply) => {
    const bytes = await rt.deps.files.get(req.params.id)
    if (!bytes) return reply.code(404).send(fail('NOT_FOUND', '找不到该文件'))
    return reply
      .header('content-type', contentTypeOf(req.params.id))
      .header('cache-control', 'public, max-age=31536000, immutable')
      // An uploaded SVG could carry script: it is shown as an image, never run as a page.
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
      .header('x-content-type-options', 'nosniff')
      .send(bytes)
  })
}
