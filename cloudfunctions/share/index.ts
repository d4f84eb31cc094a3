import { cloudMain } from '../_lib/cloud'
import { defineFunction } from '../_lib/router'
import { invite } from './invite'
import { stats } from './stats'

/** Cloud function `share`: the member's invite (code, link, poster code) and what inviting has earned. */
export const definition = defineFunction('share', { invite, stats })

/** CloudBase entry point. */
export const main = cloudMain(definition)
