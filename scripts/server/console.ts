import type { FastifyInstance, FastifyReply } from 'fastify'
import { createReadStream, existsSync, statSync } from 'node:fs'
import path from 'node:path'

const MISSING = 'The console build is missing: run `npm start` (it builds it) or `npx tsx scripts/console-build.ts`.\n管理后台尚未构建：请运行 npm start。\n'

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
}

/**
 * Serves the merchant console's build at /console. Assets carry a content hash in their names, so
 * they are cached for a year; any other path under /console (a client-side route) gets index.html,
 * revalidated every time so a new build is picked up. Its own routes, so the H5 app's not-found
 * fallback never sees /console paths.
 */
export function serveConsole(app: FastifyInstance, dir: string): void {
  const root = path.resolve(dir)
  const index = path.join(root, 'index.html')

  const sendIndex = (reply: FastifyReply) => {
    if (!existsSync(index)) return reply.code(503).type('text/plain; charset=utf-8').send(MISSING)
    return reply.header('cache-control', 'no-cache').type(TYPES['.html']).send(createReadStream(index))
  }

  app.get('/console', async (_req, reply) => sendIndex(reply))
  app.get<{ Params: { '*': string } }>('/console/*', async (req, reply) => {
    const rel = req.params['*'] ?? ''
    const file = path.resolve(root, rel)
    const inside = file.startsWith(root + path.sep) && !rel.split('/').some((p) => p.startsWith('.'))
    if (inside && rel.startsWith('assets/') && existsSync(file) && statSync(file).isFile()) {
      return reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .type(TYPES[path.extname(file)] ?? 'application/octet-stream')
        .send(createReadStream(file))
    }
    // A missing asset is a 404 (a stale page asking for an old bundle), not the page itself.
    if (rel.startsWith('assets/')) return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n')
    return sendIndex(reply)
  })
}
