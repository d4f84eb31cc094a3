import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { existsSync } from 'node:fs'
import path from 'node:path'

const MISSING = 'The H5 build is missing: run `npm start` (it builds it) or `npm run build:h5`.\n会卡 H5 页面尚未构建：请运行 npm start 或 npm run build:h5。\n'

/**
 * Serves the Taro H5 build at `/`. The app uses the browser router, so a GET for any other path
 * that is not a file (a deep link such as /pages/card/index?from=menu) gets index.html and the
 * app routes it. Returns the fallback for the not-found handler to call.
 */
export async function serveH5(app: FastifyInstance, staticDir: string) {
  const index = path.join(staticDir, 'index.html')
  if (!existsSync(index)) {
    const missing = (_req: FastifyRequest, reply: FastifyReply) => reply.code(503).type('text/plain; charset=utf-8').send(MISSING)
    app.get('/', missing)
    return missing
  }
  await app.register(fastifyStatic, { root: staticDir, prefix: '/', index: ['index.html'] })
  return (_req: FastifyRequest, reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html')
}
