import { jobMain } from '../_lib/job'
import { mallOrderExpiry } from './mall-order-expiry'

/** Timer-triggered function `mall-order-expiry` (trigger in config.json). */
export const jobs = [mallOrderExpiry]

/** CloudBase entry point. */
export const main = jobMain(mallOrderExpiry)
