import { cloudMain } from '../_lib/cloud'
import { defineFunction } from '../_lib/router'
import { status } from './status'
import { whatIf } from './what-if'

/** Cloud function `tier`: the member's level, progress and review, and the "what if I spend" calculator. */
export const definition = defineFunction('tier', { status, whatIf })

/** CloudBase entry point. */
export const main = cloudMain(definition)
