import { cloudMain } from '../_lib/cloud'
import { defineFunction } from '../_lib/router'
import { history } from './history'
import { summary } from './summary'

/** Cloud function `points`: the member's own points balance and ledger (read-only for members). */
export const definition = defineFunction('points', { summary, history })

/** CloudBase entry point. */
export const main = cloudMain(definition)
