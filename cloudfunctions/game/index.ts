import { cloudMain } from '../_lib/cloud'
import { defineFunction } from '../_lib/router'
import { claim, draw, set, shareDraw } from './collect-set'
import { spin } from './spin'
import { wheel } from './wheel'

/** Cloud function `game`: the lucky wheel, and the collect-the-set campaigns (draw cards, claim tiers). */
export const definition = defineFunction('game', { wheel, spin, set, draw, shareDraw, claim })

/** CloudBase entry point. */
export const main = cloudMain(definition)
