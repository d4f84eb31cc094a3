import { jobMain } from '../_lib/job'
import { pointsExpiryWarning } from './points-expiry-warning'

/** Timer-triggered function `points-expiry-warning` (trigger in config.json). */
export const jobs = [pointsExpiryWarning]

/** CloudBase entry point. */
export const main = jobMain(pointsExpiryWarning)
