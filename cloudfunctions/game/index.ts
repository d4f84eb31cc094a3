import { cloudMain } from '../_lib/cloud'
import { defineFunction } from '../_lib/router'
import { spin } from './spin'
import { wheel } from './wheel'

/** Cloud function `game`: the lucky wheel (its disclosed odds and the caller's spins, and a spin). */
export const definition = defineFunction('game', { wheel, spin })

/** CloudBase entry point. */
export const main = cloudMain(definition)
