import { definition as memberDefinition } from '../../cloudfunctions/member'
import { definition as staffDefinition } from '../../cloudfunctions/staff'
import { saveStaff, saveStore } from '../../cloudfunctions/_lib/staff-records'
import type { StaffRole } from '../../shared/staff/schemas'
import { lastCode, openHarness, type Envelope } from './harness'

/** Every collection a till call may write, except the audit (which records refusals too). */
export const TILL_COLLECTIONS = ['orders', 'member_code_uses', 'approvals', 'staff_daily', 'accounts', 'ledger']

/**
 * The staff function on a fresh local store, with the member function beside it on the same store
 * and clock: members register and show their rotating code exactly as in the app.
 */
export function openTill() {
  const h = openHarness(staffDefinition)
  const member = memberDefinition.build(h.deps)
  const asMember = (openid: string, event: object) => member(event, { identity: { openid, unionid: null } }) as Promise<Envelope>
  const memberNo: Record<string, string> = {}
  const memberId: Record<string, string> = {}

  return {
    ...h,
    /** Calls the member function as `openid`. */
    asMember,
    /** Registers a member (openid → phone) through member.sendCode + member.register. */
    async register(openid: string, phone: string, extra: object = {}) {
      await asMember(openid, { action: 'sendCode', phone })
      const res = await asMember(openid, { action: 'register', phone, smsCode: lastCode(h, phone), ...extra })
      if (!res.ok) throw new Error(`register ${openid}: ${res.error.code}`)
      memberNo[openid] = res.data.member.memberNo
      memberId[openid] = res.data.member.memberId
      return res.data.member as { memberId: string; memberNo: string }
    },
    memberId: (openid: string) => memberId[openid],
    /** The member's current rotating code, as the card shows it. */
    async code(openid: string): Promise<string> {
      const res = await asMember(openid, { action: 'code' })
      if (!res.ok) throw new Error(`code ${openid}: ${res.error.code}`)
      return res.data.code
    },
    async staff(openid: string, storeId: string, role: StaffRole, extra: { name?: string; phone?: string; active?: boolean } = {}) {
      const now = h.clock.now()
      await saveStaff(h.deps.db, {
        _id: openid,
        openid,
        role,
        storeId,
        name: extra.name ?? null,
        phone: extra.phone ?? null,
        active: extra.active ?? true,
        createdAt: now,
        updatedAt: now,
      })
    },
    async addStore(id: string, hours: { open: string; close: string } | null) {
      const now = h.clock.now()
      await saveStore(h.deps.db, { _id: id, name: `门店 ${id}`, hours, createdAt: now, updatedAt: now })
    },
    /** The member's balance as stored, and the sum of their ledger entries as stored. */
    stored(openid: string) {
      const id = memberId[openid]
      const account = h.store.rawGet('accounts', id) as { balance: number; shortfall: number } | null
      const entries = h.store.rawFind('ledger').filter((e) => e.memberId === id) as Array<{ _id: string; kind: string; points: number }>
      return { balance: account?.balance ?? 0, shortfall: account?.shortfall ?? 0, ledgerSum: entries.reduce((s, e) => s + e.points, 0), entries }
    },
    /** Moves past the member code's 10-second slot, so the card shows a fresh code. */
    nextCode() {
      h.advance(10_000)
    },
  }
}

export type Till = ReturnType<typeof openTill>
