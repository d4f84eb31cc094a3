import { cloudMain } from '../_lib/cloud'
import { defineFunction } from '../_lib/router'
import { calendar } from './calendar'
import { checkIn } from './check-in'

/** Cloud function `signin`: the daily check-in, its streak and rewards, and the month's calendar. */
export const definition = defineFunction('signin', { checkIn, calendar })

/** CloudBase entry point. */
export const main = cloudMain(definition)
