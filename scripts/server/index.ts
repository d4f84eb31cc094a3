import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify'
import path from 'node:path'
import { fail, ok } from '../../shared/errors'
import type { Logger } from '../../cloudfunctions/_lib/deps'
import { devRoutes } from './dev-routes'
import { serveH5 } from './h5'
import { identify } from './identity'
import { serveConsole } from './console'
import { fileRoutes } from './files'
import { consoleDir } from '../console-build'
import { bearerToken, isLogin, sessionIdentity } from '../../cloudfunctions/_lib/console-auth'
import { openLocalRuntime, type Mode } from './runtime'
import { tickWebhooks } from './webhook-ticker'

export interface ServerOptions {
  port: number
  /** Default 127.0.0.1. */
  host?: string
  dataDir: string
  mode: Mode
  /** The H5 build to serve at `/`; default miniprogram/dist/h5. */
  staticDir?: string
  /** The console's build to serve at `/console`; default console/dist. */
  consoleDir?: string
  /** No console output of its own (errors inside functions are still logged). */
  quiet?: boolean
  /** Where function errors are logged; default stderr. */
  log?: Logger
  /** Local mode only: run the `webhook-deliver` job every 20 s by itself (`npm start` does; tests do not). */
  deliverWebhooks?: boolean
}

export interface RunningServer {
  url: string
  close(): Promise<void>
}

export const DEFAULT_STATIC_DIR = path.resolve(__dirname, '../../miniprogram/dist/h5')

/** Errors raised while reading the body (bad JSON, wrong content type, too large) are the caller's. */
function bodyError(err: FastifyError, reply: FastifyReply) {
  const status = err.statusCode ?? 400
  if (status === 413) return reply.code(413).send(fail('BAD_JSON', '请求体过大'))
  if (status === 415) return reply.code(415).send(fail('BAD_JSON', '请求体必须是 JSON（Content-Type: application/json）'))
  return reply.code(400).send(fail('BAD_JSON'))
}

/**
 * The local server: every cloud function at POST /api/<name> (HTTP 200 with the function's envelope,
 * as a cloud function answers), the H5 build at `/`, and in local mode the /_dev helpers.
 * Transport failures answer 4xx with the same envelope shape. Nothing answers with a stack trace.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const rt = openLocalRuntime({ dataDir: opts.dataDir, mode: opts.mode, log: opts.log, checkpoints: 'background' })
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 })
  try {
    app.setErrorHandler((err: FastifyError, _req, reply) => {
      if (err.code?.startsWith('FST_ERR_CTP_')) return bodyError(err, reply)
      rt.deps.log.error('server error', err)
      return reply.code(500).send(fail('INTERNAL'))
    })

    app.get('/healthz', async () => ok({ status: 'ok', mode: rt.mode }))

    app.post<{ Params: { name: string } }>('/api/:name', async (req, reply) => {
      const fn = rt.functions.get(req.params.name)
      if (!fn) return reply.code(404).send(fail('UNKNOWN_FUNCTION'))
      return fn(req.body, { identity: identify(rt.mode, req.headers) })
    })

    // The console's function: the dev header in local mode, else a console session (in both modes).
    // Uploads come in chunks of up to 512 KB, base64, so its body may be larger than the others'.
    app.post('/api/admin', { bodyLimit: 1024 * 1024 }, async (req) => {
      const fn = rt.functions.get('admin')!
      const token = bearerToken(req.headers.authorization)
      const identity = identify(rt.mode, req.headers) ?? (token ? await sessionIdentity(rt.deps.db, token, rt.deps.now()) : null)
      if (token && !identity && !isLogin(req.body)) return fail('SESSION_EXPIRED')
      return fn(req.body, { identity })
    })

    if (rt.mode === 'local') devRoutes(app, rt)
    fileRoutes(app, rt)
    serveConsole(app, opts.consoleDir ?? consoleDir)

    const h5 = await serveH5(app, opts.staticDir ?? DEFAULT_STATIC_DIR)
    app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
      const isPage = (req.method === 'GET' || req.method === 'HEAD') && !/^\/(api|_dev|files|console)(\/|$)/.test(req.url)
      if (isPage) return h5(req, reply)
      return reply.code(404).send(req.url.startsWith('/api/') ? fail('UNKNOWN_FUNCTION') : fail('NOT_FOUND'))
    })

    await app.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' })
  } catch (err) {
    await app.close().catch(() => undefined)
    rt.close()
    throw err
  }
  const ticker = opts.deliverWebhooks && rt.mode === 'local' ? tickWebhooks(rt) : null
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : opts.port
  const host = !opts.host || opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host
  return {
    url: `http://${host}:${port}`,
    async close() {
      await ticker?.stop()
      await app.close()
      rt.close()
    },
  }
}
