import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CLOUD_FUNCTION_ENV } from '../../scripts/functions-bundle'
import type { LocalStore } from '../../scripts/local-cloudbase'

/**
 * The CloudBase API endpoint as a bundled function reaches it: the SDK POSTs
 * `{action: 'database.<action>', ...params}` as JSON to `<URL>?env=…` and reads the JSON answer.
 * Database actions are answered by a local store (the same answers `useLocalStore` gives in-process);
 * other actions by `answer` (or 404). A bundle finds it through the environment CloudBase itself sets
 * for a function (`cloudLikeEnv`), so the SDK inlined in the bundle sends real HTTP requests here.
 */
export interface TcbEndpoint {
  url: string
  /** Every request: the action and the headers the SDK signed it with. */
  requests: Array<{ action: string; authorization: string | undefined }>
  close(): Promise<void>
}

/** Fields the SDK's HTTP layer adds to a database request's own parameters (tcbapirequester makeParams). */
const TRANSPORT_FIELDS = ['action', 'envName', 'wxCloudApiToken', 'wxCloudbaseAccesstoken', 'tcb_sessionToken', 'sessionToken', 'crossAuthorizationToken']

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })

export async function serveTcbEndpoint(store: LocalStore, answer: (action: string, params: Record<string, unknown>) => unknown = () => undefined): Promise<TcbEndpoint> {
  const requests: TcbEndpoint['requests'] = []
  const server = createServer((req, res) => {
    readBody(req).then((raw) => {
      const body = JSON.parse(raw) as Record<string, unknown>
      const action = String(body.action)
      requests.push({ action, authorization: req.headers.authorization })
      const params = Object.fromEntries(Object.entries(body).filter(([k]) => !TRANSPORT_FIELDS.includes(k)))
      const out = action.startsWith('database.') ? store.request(action, params) : answer(action, params)
      res.writeHead(out === undefined ? 404 : 200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(out ?? { code: 'NOT_FOUND', message: `no answer for ${action}` }))
    }, (err: unknown) => {
      res.writeHead(500)
      res.end(String(err))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/admin`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/**
 * The environment CloudBase gives a function, pointed at `endpoint`: SCF runtime, namespace and
 * region (CLOUD_FUNCTION_ENV), temporary credentials, and `TCB_CONTEXT_CNFG.URL`, the API address
 * the platform injects, which the SDK uses instead of its public endpoint. Nothing from this shell.
 */
export function cloudLikeEnv(endpoint: TcbEndpoint): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    ...CLOUD_FUNCTION_ENV,
    TENCENTCLOUD_SECRETID: 'bundle-test-secret-id',
    TENCENTCLOUD_SECRETKEY: 'bundle-test-secret-key',
    TCB_CONTEXT_KEYS: 'TCB_CONTEXT_CNFG',
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: endpoint.url }),
  }
}
