import type { EntrySource } from '../../shared/points/schemas'
import type { StaffRecord } from '../../shared/staff/staff-record'

/** Ledger entries made at a till name the clerk and the store. */
export const staffSource = (staff: Pick<StaffRecord, 'openid' | 'storeId'>): EntrySource => ({ kind: 'staff', id: staff.openid, storeId: staff.storeId })
