import { jobMain } from '../_lib/job'
import { pointsExpiry } from './points-expiry'

/** Timer-triggered function `points-expiry` (trigger in config.json). */
export const jobs = [pointsExpiry]

/** CloudBase entry point. */
export const main = jobMain(pointsExpiry)
