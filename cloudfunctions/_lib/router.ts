import { Api, type ActionName, type ActionOutput, type FunctionName } from '../../shared/api'
import { fail, type Result } from '../../shared/errors'
import type * as z from '../../shared/zod'
import type { Deps } from './deps'
import type { Transaction } from './transaction'

/** Who is calling: from the WeChat context in the cloud, from the dev header in the local server. */
export interface Identity {
  openid: string
  unionid: string | null
  /** Set when a console session stands for the caller (`_lib/console-auth.ts`): the session's id. */
  session?: string
}

/** Per-call context handed to a built function. Identity travels here, never through process.env. */
export interface CallContext {
  identity: Identity | null
  /** Set by a function that keeps a record of every call (staff: `_lib/staff-audit.ts`). */
  audit?: CallAudit
}

/**
 * The record of one call, kept by the function around its handlers. A handler that already read
 * who the caller is says so (the record needs it too), and a handler that ends in a transaction
 * writes the record inside it, so a successful call commits once; otherwise the function writes
 * it after the call.
 */
export interface CallAudit {
  /** Who the caller is to the function (null: not staff), once a handler has read it. */
  caller(who: { storeId: string; role: string } | null): void
  writeIn(tx: Transaction, result: Result<unknown>): Promise<void>
}

/** A built cloud function: `{action, ...payload}` in, result envelope out. Never throws. */
export type CloudFunction = (event: unknown, call: CallContext) => Promise<Result<unknown>>

/** What a handler gets besides its parsed input. `now` is read once per call. */
export interface ActionContext {
  deps: Deps
  identity: Identity
  now: Date
  audit?: CallAudit
}

type Input<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends { input: infer I extends z.ZodTypeAny } ? z.output<I> : never

export type Handler<F extends FunctionName, A extends ActionName<F>> = (
  input: Input<F, A>,
  ctx: ActionContext,
) => Promise<Result<ActionOutput<F, A>>>

export type Handlers<F extends FunctionName> = { [A in ActionName<F>]: Handler<F, A> }

export interface FunctionDefinition<F extends FunctionName = FunctionName> {
  name: F
  /** Builds the function once with its dependencies; the result serves every call. */
  build(deps: Deps): CloudFunction
}

const ANONYMOUS: Identity = { openid: '', unionid: null }

interface Route {
  schema: z.ZodTypeAny
  handler: (input: unknown, ctx: ActionContext) => Promise<Result<unknown>>
}

/** A zod failure as the INVALID_INPUT answer: the first issue's message with its field path. */
export function invalidInput(error: z.ZodError) {
  const issue = error.issues[0]
  const field = issue?.path.map(String).join('.') ?? ''
  if (!issue) return fail('INVALID_INPUT')
  return field ? fail('INVALID_INPUT', `${issue.message}（${field}）`, field) : fail('INVALID_INPUT', issue.message)
}

/**
 * The action router every function uses: look up the action, require an identity, parse the
 * payload with the action's schema from shared/api.ts, run the handler. Expected failures come
 * back from handlers as values; anything thrown is logged here and answered with INTERNAL,
 * so no stack trace or internal message ever reaches the caller.
 */
export function defineFunction<F extends FunctionName>(
  name: F,
  handlers: Handlers<F>,
  opts: { open?: Array<ActionName<F>> } = {},
): FunctionDefinition<F> {
  const open = new Set<string>(opts.open ?? [])
  return {
    name,
    build(deps) {
      const api = Api[name] as Record<string, { input: z.ZodTypeAny }>
      const routes = new Map<string, Route>()
      for (const action of Object.keys(api)) {
        const handler = (handlers as Record<string, Route['handler'] | undefined>)[action]
        if (!handler) throw new Error(`${name}.${action} is declared in shared/api.ts but has no handler`)
        routes.set(action, { schema: api[action].input, handler })
      }
      return async (event, call) => {
        const action = typeof event === 'object' && event !== null ? (event as { action?: unknown }).action : undefined
        try {
          const route = typeof action === 'string' ? routes.get(action) : undefined
          if (!route) return fail('UNKNOWN_ACTION')
          // An open action (the console's password login) runs without an identity; it sees an empty
          // openid, which no member or staff record has.
          const identity = call.identity ?? (open.has(action as string) ? ANONYMOUS : null)
          if (!identity) return fail('UNAUTHENTICATED')
          // `userInfo` is what WeChat adds to events from the mini-program: never trusted, never parsed.
          const { action: _action, userInfo: _userInfo, ...payload } = event as Record<string, unknown>
          const parsed = route.schema.safeParse(payload)
          if (!parsed.success) return invalidInput(parsed.error)
          return await route.handler(parsed.data, { deps, identity, now: deps.now(), audit: call.audit })
        } catch (err) {
          deps.log.error(`${name}.${String(action)} failed`, err)
          return fail('INTERNAL')
        }
      }
    },
  }
}
