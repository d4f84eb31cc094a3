import type { Result } from '../../shared/errors'
import type { Deps } from './deps'
import { STAFF_ACTIONS, staffByOpenid } from './staff-records'

/** One document of `staff_actions`: every call to the staff function, refusals included. */
export interface StaffActionRecord {
  openid: string
  /** The caller's store and role when they called; null when they are not staff. */
  storeId: string | null
  role: string | null
  action: string
  orderId: string | null
  approvalId: string | null
  amountFen: number | null
  /** 'OK', or the error code the call answered. */
  code: string
  at: Date
}

const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v.trim().slice(0, 120) : null)

/**
 * Records a staff call after it answered. It runs outside the call's transaction so refusals are
 * recorded too (the one write a refused staff call makes); the order, approval and ledger documents
 * also carry who and which store, so a credit stays traceable even if this write were lost.
 * A failure here is logged and never changes the caller's answer.
 */
export async function recordStaffAction(deps: Deps, openid: string, event: unknown, result: Result<unknown>, at: Date): Promise<void> {
  try {
    const body = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>
    const staff = await staffByOpenid(deps.db, openid)
    const record: StaffActionRecord = {
      openid,
      storeId: staff?.storeId ?? null,
      role: staff?.role ?? null,
      action: text(body.action) ?? '',
      orderId: text(body.orderId),
      approvalId: text(body.approvalId),
      amountFen: typeof body.amountFen === 'number' && Number.isFinite(body.amountFen) ? body.amountFen : null,
      code: result.ok ? 'OK' : result.error.code,
      at,
    }
    await deps.db.collection(STAFF_ACTIONS).add(record)
  } catch (err) {
    deps.log.error('staff action audit failed', err)
  }
}
