import type { Result } from '../../shared/errors'
import type { Deps } from './deps'
import type { CallAudit } from './router'
import { STAFF_ACTIONS, staffByOpenid } from './staff-records'
import type { Transaction } from './transaction'

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
  /** The coupon written off or checked, the mall order handed over or checked. */
  couponCode: string | null
  orderCode: string | null
  /** 'OK', or the error code the call answered. */
  code: string
  at: Date
}

const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v.trim().slice(0, 120) : null)

/**
 * The `staff_actions` record of one staff call. A till credit writes it inside its own
 * transaction (`writeIn`), so the credit and its record commit together, once; every other call,
 * refusals included, gets it written by `finish` after it answered. A failure of that late write
 * is logged and never changes the caller's answer: the order, approval and ledger documents carry
 * who and which store too, so a credit stays traceable even if the record were lost.
 */
export class StaffCallAudit implements CallAudit {
  private who: { storeId: string; role: string } | null | undefined
  /** The result whose record was written inside its transaction (kept only if that transaction committed it). */
  private writtenWith: Result<unknown> | undefined

  constructor(
    private readonly deps: Deps,
    private readonly openid: string,
    private readonly event: unknown,
    private readonly at: Date,
  ) {}

  caller(who: { storeId: string; role: string } | null): void {
    this.who = who && { storeId: who.storeId, role: who.role }
  }

  async writeIn(tx: Transaction, result: Result<unknown>): Promise<void> {
    await tx.collection(STAFF_ACTIONS).add(await this.record(result))
    this.writtenWith = result
  }

  /**
   * Writes the record unless the handler's transaction already did: the handler returns the very
   * result it recorded only when that transaction committed (a retried or failed one answers anew).
   */
  async finish(result: Result<unknown>): Promise<void> {
    if (result === this.writtenWith) return
    try {
      await this.deps.db.collection(STAFF_ACTIONS).add(await this.record(result))
    } catch (err) {
      this.deps.log.error('staff action audit failed', err)
    }
  }

  private async record(result: Result<unknown>): Promise<StaffActionRecord> {
    if (this.who === undefined) {
      const staff = await staffByOpenid(this.deps.db, this.openid)
      this.who = staff ? { storeId: staff.storeId, role: staff.role } : null
    }
    const body = (typeof this.event === 'object' && this.event !== null ? this.event : {}) as Record<string, unknown>
    return {
      openid: this.openid,
      storeId: this.who?.storeId ?? null,
      role: this.who?.role ?? null,
      action: text(body.action) ?? '',
      orderId: text(body.orderId),
      approvalId: text(body.approvalId),
      amountFen: typeof body.amountFen === 'number' && Number.isFinite(body.amountFen) ? body.amountFen : null,
      couponCode: text(body.couponCode),
      orderCode: text(body.orderCode),
      code: result.ok ? 'OK' : result.error.code,
      at: this.at,
    }
  }
}
