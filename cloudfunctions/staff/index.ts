import { cloudMain } from '../_lib/cloud'
import type { Deps } from '../_lib/deps'
import { defineFunction, type FunctionDefinition } from '../_lib/router'
import { StaffCallAudit } from '../_lib/staff-audit'
import { accrue } from './accrue'
import { anomalies } from './anomalies'
import { approvals } from './approvals'
import { approve } from './approve'
import { checkCoupon, undoWriteOff, writeOff } from './coupons'
import { lookup } from './lookup'
import { checkOrder, fulfil } from './mall-orders'
import { me } from './me'
import { refund } from './refund'
import { reject } from './reject'

const router = defineFunction('staff', {
  me,
  lookup,
  accrue,
  refund,
  approvals,
  approve,
  reject,
  anomalies,
  checkCoupon,
  writeOff,
  undoWriteOff,
  checkOrder,
  fulfil,
})

/**
 * Cloud function `staff`: the till (lookup, accrue, refund), coupon write-off, mall order
 * hand-over, and the manager's desk (approvals, anomalies). Every call with an identity is recorded in `staff_actions` with its outcome,
 * refusals included (invalid input and non-staff callers too).
 */
export const definition: FunctionDefinition<'staff'> = {
  name: 'staff',
  build(deps) {
    const fn = router.build(deps)
    return async (event, call) => {
      if (!call.identity) return fn(event, call)
      const audit = new StaffCallAudit(deps, call.identity.openid, event, deps.now())
      const result = await fn(event, { ...call, audit })
      await audit.finish(result)
      return result
    }
  },
}

/** For the local server and tests: the function built with injected dependencies. */
export const createStaff = (deps: Deps) => definition.build(deps)

/** CloudBase entry point. */
export const main = cloudMain(definition)
