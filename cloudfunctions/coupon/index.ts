import { cloudMain } from '../_lib/cloud'
import { defineFunction } from '../_lib/router'
import { claim } from './claim'
import { claimable } from './claimable'
import { list } from './list'

/** Cloud function `coupon`: the member's wallet and the coupon centre. */
export const definition = defineFunction('coupon', { list, claimable, claim })

/** CloudBase entry point. */
export const main = cloudMain(definition)
