import { Api, type ActionInput, type ActionName, type ActionOutput, type FunctionName } from '@shared/api'
import { Envelope, type ErrorCode } from '@shared/errors'
import { messages } from '../i18n'
import { send } from './transport'

/** A server error code, or one of the two things that can go wrong on the way. */
export type CallErrorCode = ErrorCode | 'NETWORK' | 'BAD_RESPONSE'
export type CallError = { code: CallErrorCode; message: string }
export type CallResult<T> = { ok: true; data: T } | { ok: false; error: CallError }

/**
 * Calls one action of a cloud function. Expected failures come back as values; `error.message`
 * is the server's Chinese text, ready to show. The response is parsed with the action's output
 * schema from shared/api.ts, so a page never sees data of the wrong shape.
 */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  input: ActionInput<F, A>,
): Promise<CallResult<ActionOutput<F, A>>> {
  const spec = Api[fn][action] as { output: Parameters<typeof Envelope>[0] }
  let raw: unknown
  try {
    raw = await send(fn, { ...(input as object), action })
  } catch {
    return { ok: false, error: { code: 'NETWORK', message: messages().common.networkError } }
  }
  const parsed = Envelope(spec.output).safeParse(raw)
  if (!parsed.success) return { ok: false, error: { code: 'BAD_RESPONSE', message: messages().common.badResponse } }
  if (parsed.data.ok) return { ok: true, data: parsed.data.data as ActionOutput<F, A> }
  return { ok: false, error: parsed.data.error as CallError }
}
