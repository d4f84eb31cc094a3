import type { StaffRole, StaffView } from './schemas'

/** A staff account as stored in the `staff` collection (`_id` = the staff member's openid). */
export interface StaffRecord {
  _id: string
  openid: string
  role: StaffRole
  /** The store the account works at. Admins may act for any store; this is their home store. */
  storeId: string
  name: string | null
  /** The staff member's own phone, if known: they may not credit the member with this phone. */
  phone: string | null
  /** False once removed (`staff remove`): the record stays so the audit can still name them. */
  active: boolean
  createdAt: Date
  updatedAt: Date
}

/** Opening hours, Asia/Shanghai wall clock, 'HH:mm'. `close` earlier than `open` means past midnight. */
export interface StoreHours {
  open: string
  close: string
}

/** A store as stored in the `stores` collection (`_id` = the store id). Optional: `store add`. */
export interface StoreRecord {
  _id: string
  name: string
  hours: StoreHours | null
  /** The mall operator the store is a tenant of (the settlement report); absent or null: stand-alone. */
  mallId?: string | null
  createdAt: Date
  updatedAt: Date
}

export const toStaffView = (s: StaffRecord, store: StoreRecord | null): StaffView => ({
  openid: s.openid,
  role: s.role,
  storeId: s.storeId,
  storeName: store?.name ?? null,
  name: s.name,
})

/** Managers and admins decide approvals and see anomalies; clerks only serve at the till. */
export const isManager = (s: Pick<StaffRecord, 'role'>) => s.role === 'manager' || s.role === 'admin'

/** A clerk or manager acts only for their own store; an admin for every store. */
export const mayActFor = (s: Pick<StaffRecord, 'role' | 'storeId'>, storeId: string) => s.role === 'admin' || s.storeId === storeId

/** The per-store key of a POS order: `<storeId>:<orderId>` (store ids have no colon). */
export const orderKey = (storeId: string, orderId: string) => `${storeId}:${orderId}`

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/
export const isClockTime = (s: string) => HHMM.test(s)
