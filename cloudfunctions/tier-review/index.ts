import { jobMain } from '../_lib/job'
import { tierReview } from './tier-review'

/** Timer-triggered function `tier-review` (trigger in config.json). */
export const jobs = [tierReview]

/** CloudBase entry point. */
export const main = jobMain(tierReview)
