import type { ActionInput, ActionOutput, Api } from '../../shared/api'
import type * as z from '../../shared/zod'
import { currentSession, sessionHeaders, setSession } from './session'

/** The console's one client: POST /api/admin {action, ...input}, typed from shared/api.ts. */
export type AdminAction = keyof Api['admin'] & string
export type In<A extends AdminAction> = ActionInput<'admin', A>
export type Out<A extends AdminAction> = ActionOutput<'admin', A>

/** A refusal from the server (its code, message and the input field at fault), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}

/** These answers mean the sign-in is gone: forget it, and the app shows the sign-in page. */
const SIGNED_OUT = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED'])

export async function call<A extends AdminAction>(action: A, input: In<A>): Promise<Out<A>> {
  let res: Response
  try {
    res = await fetch('/api/admin', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sessionHeaders() },
      body: JSON.stringify({ ...(input as object), action }),
    })
  } catch {
    throw new ApiError('NETWORK', '网络连接失败，请检查网络后重试')
  }
  let body: { ok: boolean; data?: unknown; error?: { code: string; message: string; field?: string } }
  try {
    body = await res.json()
  } catch {
    throw new ApiError('NETWORK', `服务器没有正常应答（HTTP ${res.status}）`)
  }
  if (body.ok) return body.data as Out<A>
  const e = body.error ?? { code: 'INTERNAL', message: '系统繁忙，请稍后再试' }
  if (SIGNED_OUT.has(e.code) && currentSession() && action !== 'login') setSession(null)
  throw new ApiError(e.code, e.message, e.field)
}

/** Checks a value with the same zod schema the function uses; the first issue as an ApiError. */
export function check<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  const issue = r.error.issues[0]
  const field = issue.path.length ? issue.path.join('.') : undefined
  throw new ApiError('INVALID_INPUT', issue.message, field)
}

/** GET /healthz: which mode the server runs in (local mode offers the dev sign-in). */
export async function serverMode(): Promise<'local' | 'production'> {
  const res = await fetch('/healthz')
  const body = (await res.json()) as { data?: { mode?: string } }
  return body.data?.mode === 'local' ? 'local' : 'production'
}

export type DevOperator = { openid: string; name: string | null; role: string; storeId: string }

/** GET /_dev/operators (local mode only): the managers and admins one may act as. */
export async function devOperators(): Promise<DevOperator[]> {
  const res = await fetch('/_dev/operators')
  const body = (await res.json()) as { ok: boolean; data: DevOperator[] }
  if (!body.ok) throw new ApiError('INTERNAL', '无法读取店员列表')
  return body.data
}

/** A fresh id for an action the server must do once however often it is sent (adjustments, issues). */
export const requestId = () => {
  // getRandomValues works on plain http too, where randomUUID does not.
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}
